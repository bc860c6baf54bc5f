package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * This process as a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}): a process orphaned
 * below it (a container's init once {@code runc create} exits, a double-forked daemon) is
 * reparented to this process instead of to PID 1, so this process can wait for it and must reap it.
 * The attribute belongs to the whole process, whichever thread sets it, and is not inherited by
 * children.
 */
public final class Subreaper {
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int PR_GET_CHILD_SUBREAPER = 37;

  private static final MethodHandle PRCTL_SET =
      Native.variadicFunction("prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), 1);
  private static final MethodHandle PRCTL_GET =
      Native.variadicFunction("prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), 1);

  private Subreaper() {}

  /** Makes this process the subreaper of every process that will be orphaned below it. */
  public static void enable() throws ErrnoException {
    set(1);
  }

  /** Ends it: orphans go to the next subreaper up, or to PID 1. Those already here stay. */
  public static void disable() throws ErrnoException {
    set(0);
  }

  public static boolean isEnabled() throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment value = arena.allocate(JAVA_INT);
      int r = (int) PRCTL_GET.invokeExact(state, PR_GET_CHILD_SUBREAPER, value);
      Native.check(r, state, "prctl", "PR_GET_CHILD_SUBREAPER");
      return value.get(JAVA_INT, 0) != 0;
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  private static void set(long value) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) PRCTL_SET.invokeExact(state, PR_SET_CHILD_SUBREAPER, value);
      Native.check(r, state, "prctl", "PR_SET_CHILD_SUBREAPER, " + value);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
