package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended attributes, on an open descriptor or on a path whose final symbolic link is never
 * followed (the {@code l*xattr} calls). A missing attribute is an empty result, not an error.
 */
public final class Xattrs {
  private static final MethodHandle LSETXATTR =
      Native.function(
          "lsetxattr",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle FSETXATTR =
      Native.function(
          "fsetxattr",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle LGETXATTR =
      Native.function(
          "lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle FGETXATTR =
      Native.function(
          "fgetxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle LLISTXATTR =
      Native.function("llistxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle FLISTXATTR =
      Native.function("flistxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle LREMOVEXATTR =
      Native.function("lremovexattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

  /** The kernel's limit on one value (XATTR_SIZE_MAX) and on a name list (XATTR_LIST_MAX). */
  private static final int MAX_SIZE = 65536;

  private Xattrs() {}

  public static void set(Path path, String name, byte[] value) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r =
          (int)
              LSETXATTR.invokeExact(
                  state,
                  arena.allocateFrom(path.toString()),
                  arena.allocateFrom(name),
                  bytes(arena, value),
                  (long) value.length,
                  0);
      Native.check(r, state, "lsetxattr", path + " " + name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public static void set(int fd, String name, byte[] value) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r =
          (int)
              FSETXATTR.invokeExact(
                  state, fd, arena.allocateFrom(name), bytes(arena, value), (long) value.length, 0);
      Native.check(r, state, "fsetxattr", "fd " + fd + " " + name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public static Optional<byte[]> get(Path path, String name) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment value = arena.allocate(MAX_SIZE);
      long n =
          (long)
              LGETXATTR.invokeExact(
                  state,
                  arena.allocateFrom(path.toString()),
                  arena.allocateFrom(name),
                  value,
                  (long) MAX_SIZE);
      return found(n, state, value, "lgetxattr", path + " " + name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public static Optional<byte[]> get(int fd, String name) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment value = arena.allocate(MAX_SIZE);
      long n =
          (long) FGETXATTR.invokeExact(state, fd, arena.allocateFrom(name), value, (long) MAX_SIZE);
      return found(n, state, value, "fgetxattr", "fd " + fd + " " + name);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public static List<String> list(Path path) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment names = arena.allocate(MAX_SIZE);
      long n =
          (long)
              LLISTXATTR.invokeExact(
                  state, arena.allocateFrom(path.toString()), names, (long) MAX_SIZE);
      Native.check(n, state, "llistxattr", path);
      return names(names, n);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  public static List<String> list(int fd) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      MemorySegment names = arena.allocate(MAX_SIZE);
      long n = (long) FLISTXATTR.invokeExact(state, fd, names, (long) MAX_SIZE);
      Native.check(n, state, "flistxattr", "fd " + fd);
      return names(names, n);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /** Removes the attribute; returns false when it was not there. */
  public static boolean remove(Path path, String name) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r =
          (int)
              LREMOVEXATTR.invokeExact(
                  state, arena.allocateFrom(path.toString()), arena.allocateFrom(name));
      if (r == -1 && Native.errno(state) == Errno.ENODATA) {
        return false;
      }
      Native.check(r, state, "lremovexattr", path + " " + name);
      return true;
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  private static MemorySegment bytes(Arena arena, byte[] value) {
    return value.length == 0 ? arena.allocate(1) : arena.allocateFrom(JAVA_BYTE, value);
  }

  private static Optional<byte[]> found(
      long n, MemorySegment state, MemorySegment value, String call, String subject)
      throws ErrnoException {
    if (n == -1 && Native.errno(state) == Errno.ENODATA) {
      return Optional.empty();
    }
    Native.check(n, state, call, subject);
    return Optional.of(value.asSlice(0, n).toArray(JAVA_BYTE));
  }

  private static List<String> names(MemorySegment list, long length) {
    List<String> names = new ArrayList<>();
    long start = 0;
    for (long i = 0; i < length; i++) {
      if (list.get(JAVA_BYTE, i) == 0) {
        if (i > start) {
          names.add(
              new String(
                  list.asSlice(start, i - start).toArray(JAVA_BYTE), StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return names;
  }
}
