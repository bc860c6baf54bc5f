package io.berth.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reaching into another process's network namespace (a container's) from the agent: a socket made
 * there, used from here. Sockets keep the namespace they were created in, so a platform thread of
 * its own enters the namespace ({@code setns(2)} changes only the calling thread), creates the
 * socket, and ends; the socket then connects from any thread to addresses of that namespace, such
 * as its loopback.
 */
public final class Namespaces {
  private static final int CLONE_NEWNET = 0x40000000;
  private static final MethodHandle SETNS =
      Native.function("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

  private Namespaces() {}

  /**
   * An unconnected TCP socket in the network namespace of process {@code pid}.
   *
   * @throws ErrnoException when the namespace cannot be entered ({@link Errno#ENOENT} or {@link
   *     Errno#ESRCH} when the process is gone)
   */
  public static SocketChannel socketIn(int pid) throws IOException {
    CompletableFuture<SocketChannel> made = new CompletableFuture<>();
    // a platform thread that ends after this one task: it never runs anything else in the
    // container's namespace, whatever happens
    Thread.ofPlatform()
        .daemon()
        .name("netns-" + pid)
        .start(
            () -> {
              try {
                int target =
                    FileDescriptors.open(
                        Path.of("/proc/" + pid + "/ns/net"), Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
                try {
                  setns(target, "network namespace of pid " + pid);
                } finally {
                  FileDescriptors.close(target);
                }
                made.complete(SocketChannel.open());
              } catch (IOException | RuntimeException e) {
                made.completeExceptionally(e);
              }
            });
    try {
      return made.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while entering the network namespace of " + pid, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  private static void setns(int fd, String what) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int r = (int) SETNS.invokeExact(state, fd, CLONE_NEWNET);
      Native.check(r, state, "setns", what);
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
