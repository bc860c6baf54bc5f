import io.berth.api.client.RemoteBerth;
import java.nio.file.Path;

/** berth's own client: a blocking HTTP/1.1 exchange over SocketChannel(UnixDomainSocketAddress). */
public final class PingOwn {
  public static void main(String[] args) {
    try (RemoteBerth berth = RemoteBerth.connect(Path.of(args[0]))) {
      berth.ping();
    }
  }
}
