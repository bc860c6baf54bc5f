import io.berth.api.Berth;
import io.berth.api.Containers;
import io.berth.api.Images;
import io.berth.api.Services;
import io.berth.api.server.ApiServer;
import java.nio.file.Path;

/** The server side of the client start-up benchmark: an agent that only answers _ping. */
public final class BenchServer {
  public static void main(String[] args) throws Exception {
    Berth berth =
        new Berth() {
          public Images images() {
            return null;
          }

          public Containers containers() {
            return null;
          }

          public Services services() {
            return null;
          }

          public String endpoint() {
            return "bench";
          }

          public void close() {}
        };
    try (ApiServer server = ApiServer.builder(berth).unixSocket(Path.of(args[0])).start()) {
      System.out.println("serving " + server.socket().orElseThrow());
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
