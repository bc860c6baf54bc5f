package io.berth.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Connections to the agent's Unix socket, blocking, one per call. */
final class UnixTransport implements Transport {
  private final Path socket;

  UnixTransport(Path socket) {
    this.socket = socket.toAbsolutePath();
  }

  @Override
  public Connection open() throws IOException {
    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
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
  public String endpoint() {
    return "unix:" + socket;
  }
}
