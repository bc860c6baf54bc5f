package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams reach a Unix datagram socket, as systemd's NOTIFY_SOCKET is one. */
class SystemdNotifyTest {
  private static final MethodHandle SOCKET =
      Native.function("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND =
      Native.function("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECV =
      Native.function(
          "recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

  @Test
  void send_reachesTheSocketSystemdListensOn(@TempDir Path dir) throws Throwable {
    Path socketPath = dir.resolve("notify");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Native.callState(arena);
      int fd = (int) SOCKET.invokeExact(errno, 1, 2 | Fcntl.O_CLOEXEC, 0);
      Native.check(fd, errno, "socket", "test");
      try {
        MemorySegment address = arena.allocate(110);
        address.set(JAVA_SHORT, 0, (short) 1);
        byte[] path = socketPath.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(path, 0, address, JAVA_BYTE, 2, path.length);
        Native.check(
            (int) BIND.invokeExact(errno, fd, address, 2 + path.length + 1),
            errno,
            "bind",
            socketPath);

        SystemdNotify.to(socketPath.toString()).send("READY=1\nSTATUS=serving");
        SystemdNotify.to(socketPath.toString()).send("STOPPING=1");

        assertThat(receive(arena, errno, fd)).isEqualTo("READY=1\nSTATUS=serving");
        assertThat(receive(arena, errno, fd)).isEqualTo("STOPPING=1");
      } finally {
        FileDescriptors.close(fd);
      }
    }
  }

  private static String receive(Arena arena, MemorySegment errno, int fd) throws Throwable {
    MemorySegment buffer = arena.allocate(512);
    long n = (long) RECV.invokeExact(errno, fd, buffer, 512L, 0);
    Native.check(n, errno, "recv", "test");
    return new String(buffer.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
  }
}
