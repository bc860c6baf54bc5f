package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * systemd's readiness protocol (sd_notify(3)): datagrams such as {@code READY=1}, {@code
 * STOPPING=1} and {@code WATCHDOG=1} sent to the Unix socket named by {@code NOTIFY_SOCKET}. The
 * JDK has no Unix datagram sockets, so this sends them itself. A name starting with {@code @} is in
 * the abstract namespace.
 */
public final class SystemdNotify {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = Fcntl.O_CLOEXEC;
  private static final int SUN_PATH = 108;

  private static final MethodHandle SOCKET =
      Native.function("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SENDTO =
      Native.function(
          "sendto",
          FunctionDescriptor.of(
              JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

  private final String socket;

  private SystemdNotify(String socket) {
    this.socket = socket;
  }

  /** The notifier for {@code NOTIFY_SOCKET}, when systemd set it (Type=notify). */
  public static Optional<SystemdNotify> fromEnvironment() {
    String name = System.getenv("NOTIFY_SOCKET");
    return name == null || name.isBlank() ? Optional.empty() : Optional.of(new SystemdNotify(name));
  }

  public static SystemdNotify to(String socket) {
    return new SystemdNotify(socket);
  }

  /** How often systemd wants {@code WATCHDOG=1}: half its {@code WATCHDOG_USEC}, if set. */
  public static Optional<java.time.Duration> watchdogInterval() {
    String usec = System.getenv("WATCHDOG_USEC");
    if (usec == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(java.time.Duration.ofNanos(Long.parseLong(usec.strip()) * 1000 / 2));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Sends one notification, such as {@code READY=1\nSTATUS=serving}. */
  public void send(String state) throws ErrnoException {
    byte[] path = socket.getBytes(StandardCharsets.UTF_8);
    if (path.length >= SUN_PATH) {
      throw new IllegalArgumentException("NOTIFY_SOCKET is longer than a Unix socket path can be");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Native.callState(arena);
      int fd = (int) SOCKET.invokeExact(errno, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      Native.check(fd, errno, "socket", "AF_UNIX");
      try {
        MemorySegment address = arena.allocate(2 + SUN_PATH);
        address.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(path, 0, address, JAVA_BYTE, 2, path.length);
        if (path[0] == '@') {
          address.set(JAVA_BYTE, 2, (byte) 0); // the abstract namespace
        }
        int length = 2 + path.length + (path[0] == '@' ? 0 : 1);
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        MemorySegment data = arena.allocateFrom(JAVA_BYTE, message);
        long sent =
            (long) SENDTO.invokeExact(errno, fd, data, (long) message.length, 0, address, length);
        Native.check(sent, errno, "sendto", socket);
      } finally {
        FileDescriptors.close(fd);
      }
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }
}
