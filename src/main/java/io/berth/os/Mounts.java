package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * {@code mount(2)} and {@code umount2(2)}, with the flags berth uses. Overlay mounts have their own
 * class, {@link Overlay}; {@link MountTable} lists what is mounted.
 */
public final class Mounts {
  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_REMOUNT = 32;
  public static final long MS_NOATIME = 1024;
  public static final long MS_BIND = 4096;
  public static final long MS_MOVE = 8192;
  public static final long MS_REC = 16384;
  public static final long MS_PRIVATE = 1 << 18;
  public static final long MS_SLAVE = 1 << 19;
  public static final long MS_SHARED = 1 << 20;

  /** Unmount even while busy. */
  public static final int MNT_FORCE = 1;

  /** Detach now, finish when no longer busy (lazy unmount). */
  public static final int MNT_DETACH = 2;

  /** Fail with {@link Errno#EINVAL} when the target is a symbolic link. */
  public static final int UMOUNT_NOFOLLOW = 8;

  private static final MethodHandle MOUNT =
      Native.function(
          "mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
  private static final MethodHandle UMOUNT2 =
      Native.function("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

  private Mounts() {}

  /**
   * {@code mount(2)}. {@code source}, {@code fsType} and {@code data} may be null where the call
   * ignores them (a remount, a bind mount, a change of propagation).
   */
  public static void mount(String source, Path target, String fsType, long flags, String data)
      throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r =
          (int)
              MOUNT.invokeExact(
                  state,
                  string(arena, source),
                  arena.allocateFrom(target.toString()),
                  string(arena, fsType),
                  flags,
                  string(arena, data));
      Native.check(r, state, "mount", (fsType == null ? "" : fsType + " ") + "on " + target);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  /**
   * Bind-mounts {@code source} on {@code target}, read-only if asked (which takes a second call: a
   * bind mount ignores {@code MS_RDONLY} until it is remounted).
   */
  public static void bind(Path source, Path target, boolean readOnly) throws ErrnoException {
    mount(source.toString(), target, null, MS_BIND, null);
    if (readOnly) {
      try {
        mount(null, target, null, MS_REMOUNT | MS_BIND | MS_RDONLY, null);
      } catch (ErrnoException e) {
        try {
          unmount(target, MNT_DETACH);
        } catch (ErrnoException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  /**
   * {@code umount2(2)} with {@code flags} ({@link #MNT_DETACH}, {@link #MNT_FORCE}, {@link
   * #UMOUNT_NOFOLLOW}). {@link Errno#EINVAL} when {@code target} is not a mount point.
   */
  public static void unmount(Path target, int flags) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) UMOUNT2.invokeExact(state, arena.allocateFrom(target.toString()), flags);
      Native.check(r, state, "umount2", target);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  private static MemorySegment string(Arena arena, String s) {
    return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
  }
}
