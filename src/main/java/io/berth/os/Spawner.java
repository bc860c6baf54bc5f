package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Starts a process with {@code posix_spawn(3)}, without the JDK's {@link ProcessBuilder}: the child
 * gets exactly the descriptors asked for as 0, 1 and 2 (a FIFO opened read-write, {@code
 * /dev/null}, ...), every other descriptor closed, an empty signal mask and every signal at its
 * default action. The JDK can open a redirect only write-only and reaps the processes it starts; a
 * process started here is this process's child and nobody else's, and must be reaped by the caller
 * ({@link Reaper#watch}).
 *
 * <p>The signal state matters because a child inherits the mask of the thread that spawns it and
 * every signal the JVM ignores; a container's process must start clean.
 *
 * <p>Descriptors are given to the child as they are: {@code O_NONBLOCK} belongs to the open file,
 * not to the descriptor, so a descriptor this process reads without blocking must not become the
 * child's output. Open the FIFO again for the child (see {@link Pipes}).
 */
public final class Spawner {
  private static final int POSIX_SPAWN_SETPGROUP = 0x02;
  private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final int POSIX_SPAWN_SETSIGMASK = 0x08;

  // glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336 and sigset_t 128 on
  // 64-bit targets; room to spare costs nothing.
  private static final long OPAQUE_SIZE = 512;

  private static final MethodHandle FILE_ACTIONS_INIT =
      errorReturning("posix_spawn_file_actions_init", ADDRESS);
  private static final MethodHandle FILE_ACTIONS_DESTROY =
      errorReturning("posix_spawn_file_actions_destroy", ADDRESS);
  private static final MethodHandle ADD_DUP2 =
      errorReturning("posix_spawn_file_actions_adddup2", ADDRESS, JAVA_INT, JAVA_INT);
  private static final MethodHandle ADD_OPEN =
      errorReturning(
          "posix_spawn_file_actions_addopen", ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
  private static final MethodHandle ADD_CHDIR =
      errorReturning("posix_spawn_file_actions_addchdir_np", ADDRESS, ADDRESS);
  private static final MethodHandle ADD_CLOSEFROM =
      errorReturning("posix_spawn_file_actions_addclosefrom_np", ADDRESS, JAVA_INT);
  private static final MethodHandle ATTR_INIT = errorReturning("posix_spawnattr_init", ADDRESS);
  private static final MethodHandle ATTR_DESTROY =
      errorReturning("posix_spawnattr_destroy", ADDRESS);
  private static final MethodHandle ATTR_SETFLAGS =
      errorReturning("posix_spawnattr_setflags", ADDRESS, JAVA_SHORT);
  private static final MethodHandle ATTR_SETSIGMASK =
      errorReturning("posix_spawnattr_setsigmask", ADDRESS, ADDRESS);
  private static final MethodHandle ATTR_SETSIGDEFAULT =
      errorReturning("posix_spawnattr_setsigdefault", ADDRESS, ADDRESS);
  private static final MethodHandle ATTR_SETPGROUP =
      errorReturning("posix_spawnattr_setpgroup", ADDRESS, JAVA_INT);
  private static final MethodHandle SIGEMPTYSET = errorReturning("sigemptyset", ADDRESS);
  private static final MethodHandle POSIX_SPAWN =
      errorReturning("posix_spawn", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
  private static final MethodHandle POSIX_SPAWNP =
      errorReturning("posix_spawnp", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);

  private Spawner() {}

  /**
   * Starts the process and returns its pid. Fails with the errno of the first thing that went
   * wrong, including in the child before it ran the program: {@link Errno#ENOENT} for a missing
   * program or working directory, {@link Errno#EACCES}, {@link Errno#ENOEXEC}, {@link Errno#EBADF}
   * for a standard descriptor that is not open. A child that failed so is already reaped.
   */
  public static int spawn(SpawnRequest request) throws ErrnoException {
    String program = request.argv().getFirst();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment actions = arena.allocate(OPAQUE_SIZE, 16);
      MemorySegment attributes = arena.allocate(OPAQUE_SIZE, 16);
      check((int) FILE_ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init", program);
      try {
        check((int) ATTR_INIT.invokeExact(attributes), "posix_spawnattr_init", program);
        try {
          fileActions(arena, actions, request);
          attributes(arena, attributes, request);
          MemorySegment pid = arena.allocate(JAVA_INT);
          boolean search = program.indexOf('/') < 0;
          MemorySegment path = arena.allocateFrom(program);
          MemorySegment argv = strings(arena, request.argv());
          MemorySegment envp = strings(arena, request.environment());
          int rc =
              search
                  ? (int) POSIX_SPAWNP.invokeExact(pid, path, actions, attributes, argv, envp)
                  : (int) POSIX_SPAWN.invokeExact(pid, path, actions, attributes, argv, envp);
          check(rc, search ? "posix_spawnp" : "posix_spawn", program);
          return pid.get(JAVA_INT, 0);
        } finally {
          int ignored = (int) ATTR_DESTROY.invokeExact(attributes);
        }
      } finally {
        int ignored = (int) FILE_ACTIONS_DESTROY.invokeExact(actions);
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  private static void fileActions(Arena arena, MemorySegment actions, SpawnRequest request)
      throws Throwable {
    String program = request.argv().getFirst();
    int[] sources = {request.stdin(), request.stdout(), request.stderr()};
    // Descriptors from 3 up first, then those that stand for themselves (dup2 onto itself clears
    // close-on-exec), then /dev/null: no step can overwrite a descriptor a later one reads.
    for (int target = 0; target < 3; target++) {
      if (sources[target] >= 3) {
        check((int) ADD_DUP2.invokeExact(actions, sources[target], target), "adddup2", program);
      }
    }
    for (int target = 0; target < 3; target++) {
      if (sources[target] == target) {
        check((int) ADD_DUP2.invokeExact(actions, target, target), "adddup2", program);
      }
    }
    MemorySegment devNull = arena.allocateFrom("/dev/null");
    for (int target = 0; target < 3; target++) {
      if (sources[target] == SpawnRequest.DEV_NULL) {
        int rc = (int) ADD_OPEN.invokeExact(actions, target, devNull, Fcntl.O_RDWR, 0);
        check(rc, "addopen", program);
      }
    }
    // Extra descriptors: each to a number above every source first, then down to 3, 4, ... so that
    // no step overwrites a source a later step reads.
    List<Integer> extra = request.extraFds();
    int high = 3 + extra.size();
    for (int fd : sources) {
      high = Math.max(high, fd + 1);
    }
    for (int fd : extra) {
      high = Math.max(high, fd + 1);
    }
    for (int i = 0; i < extra.size(); i++) {
      int fd = extra.get(i);
      if (fd == SpawnRequest.DEV_NULL) {
        int rc = (int) ADD_OPEN.invokeExact(actions, high + i, devNull, Fcntl.O_RDWR, 0);
        check(rc, "addopen", program);
      } else {
        check((int) ADD_DUP2.invokeExact(actions, fd, high + i), "adddup2", program);
      }
    }
    for (int i = 0; i < extra.size(); i++) {
      check((int) ADD_DUP2.invokeExact(actions, high + i, 3 + i), "adddup2", program);
    }
    MemorySegment dir = arena.allocateFrom(request.directory().toString());
    check((int) ADD_CHDIR.invokeExact(actions, dir), "addchdir_np", program);
    check((int) ADD_CLOSEFROM.invokeExact(actions, 3 + extra.size()), "addclosefrom_np", program);
  }

  private static void attributes(Arena arena, MemorySegment attributes, SpawnRequest request)
      throws Throwable {
    String program = request.argv().getFirst();
    MemorySegment none = arena.allocate(OPAQUE_SIZE / 4, 16);
    MemorySegment all = arena.allocate(OPAQUE_SIZE / 4, 16);
    // these two set errno and return -1, which cannot happen with a valid set
    check((int) SIGEMPTYSET.invokeExact(none) == 0 ? 0 : Errno.EINVAL, "sigemptyset", program);
    check((int) SIGEMPTYSET.invokeExact(all) == 0 ? 0 : Errno.EINVAL, "sigemptyset", program);
    // Every signal, 1 to 64, back to its default. Not sigfillset: it leaves out 32 and 33, which
    // glibc keeps for itself, and a child would inherit them ignored if this process ignores them
    // (a JVM started from a shell that ignores them does). The first word of glibc's sigset_t holds
    // signal n at bit n - 1.
    all.set(JAVA_LONG, 0, -1L);
    check((int) ATTR_SETSIGMASK.invokeExact(attributes, none), "setsigmask", program);
    check((int) ATTR_SETSIGDEFAULT.invokeExact(attributes, all), "setsigdefault", program);
    int flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (request.newProcessGroup()) {
      check((int) ATTR_SETPGROUP.invokeExact(attributes, 0), "setpgroup", program);
      flags |= POSIX_SPAWN_SETPGROUP;
    }
    check((int) ATTR_SETFLAGS.invokeExact(attributes, (short) flags), "setflags", program);
  }

  /** A NULL-terminated array of C strings. */
  private static MemorySegment strings(Arena arena, List<String> values) {
    MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
    }
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  /** The posix_spawn family returns an error number instead of setting errno. */
  private static void check(int rc, String call, String program) throws ErrnoException {
    if (rc != 0) {
      throw new ErrnoException(call, rc, program);
    }
  }

  private static MethodHandle errorReturning(String name, MemoryLayout... arguments) {
    return Native.plainFunction(name, FunctionDescriptor.of(JAVA_INT, arguments));
  }
}
