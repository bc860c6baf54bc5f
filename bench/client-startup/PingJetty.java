import java.nio.file.Path;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Transport;

/** Jetty's HttpClient over its Unix-domain transport. */
public final class PingJetty {
  public static void main(String[] args) throws Exception {
    HttpClient client = new HttpClient();
    client.start();
    try {
      ContentResponse response =
          client
              .newRequest("http://localhost/v1/_ping")
              .transport(new Transport.TCPUnix(Path.of(args[0])))
              .send();
      if (response.getStatus() != 200) {
        throw new IllegalStateException("status " + response.getStatus());
      }
    } finally {
      client.stop();
    }
  }
}
