package io.berth.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connections to the agent's Unix socket, blocking, one per call. The connection that {@link
 * #probe} made to see whether anyone listens is the one the next call uses, while it is fresh.
 */
final class UnixTransport implements Transport {
  private static final long SPARE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path socket;
  private final AtomicReference<Spare> spare = new AtomicReference<>();

  private record Spare(SocketChannel channel, long openedNanos) {}

  UnixTransport(Path socket) {
    this.socket = socket.toAbsolutePath();
  }

  /**
   * Does what the JDK does once per process before its first Unix-domain socket (its initialisation
   * seeds a SecureRandom: 20 to 40 ms in a fresh JVM), so that a caller can have it done on another
   * thread meanwhile.
   */
  static void prepare() throws IOException {
    SocketChannel.open(StandardProtocolFamily.UNIX).close();
  }

  /** Connects now: throws when nothing listens on the socket. The connection is kept for a call. */
  void probe() throws IOException {
    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    Spare old = spare.getAndSet(new Spare(channel, System.nanoTime()));
    if (old != null) {
      old.channel().close();
    }
  }

  @Override
  public Connection open() throws IOException {
    Spare kept = spare.getAndSet(null);
    SocketChannel channel;
    if (kept != null && System.nanoTime() - kept.openedNanos() < SPARE_NANOS) {
      channel = kept.channel();
    } else {
      if (kept != null) {
        kept.channel().close(); // the agent may have timed an idle connection out
      }
      channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }
    InputStream in = Channels.newInputStream(channel);
    OutputStream out = Channels.newOutputStream(channel);
    return new Connection() {
      @Override
      public InputStream input() {
        return in;
      }

      @Override
      public OutputStream output() {
        return out;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public void close() throws IOException {
    Spare kept = spare.getAndSet(null);
    if (kept != null) {
      kept.channel().close();
    }
  }

  @Override
  public String endpoint() {
    return "unix:" + socket;
  }
}
