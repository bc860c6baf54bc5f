package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * This process's resource limits ({@code getrlimit(2)}), to keep what a container asks for within
 * the host's hard limits: asking a child for more than the hard limit fails the container.
 */
public final class ResourceLimits {
  private static final MethodHandle GETRLIMIT =
      Native.function("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

  private ResourceLimits() {}

  /** The soft and hard limit of {@code resource} for this process. */
  public static ResourceLimit get(Resource resource) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment limit = arena.allocate(JAVA_LONG, 2);
      int r = (int) GETRLIMIT.invokeExact(state, resource.number(), limit);
      Native.check(r, state, "getrlimit", resource.ociName());
      return new ResourceLimit(
          resource, limit.getAtIndex(JAVA_LONG, 0), limit.getAtIndex(JAVA_LONG, 1));
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
