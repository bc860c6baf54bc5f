package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.ApiException;
import io.berth.api.FakeBerth;
import io.berth.api.Problem;
import io.berth.api.client.RemoteBerth;
import io.berth.testing.TempDirectory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TCP listener judges each request by its own authenticator before any route, while the Unix
 * socket next to it stays local root: authentication is per listener, not per route.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpListenerTest {

  @Test
  void tcpListener_asksItsAuthenticator_unixSocketStaysLocalRoot() throws Exception {
    List<Caller> callers = new CopyOnWriteArrayList<>();
    Authenticator bearer =
        caller -> {
          callers.add(caller);
          if (!"Bearer s3cret".equals(caller.authorization())) {
            throw new ApiException(
                ApiException.Kind.UNAUTHORIZED, "a valid bearer token is needed");
          }
          return new Principal("token s3cret");
        };
    try (TempDirectory directory = TempDirectory.create("berth-tcp-");
        ApiServer server =
            ApiServer.builder(new FakeBerth())
                .unixSocket(directory.resolve("berth.sock"))
                .tcp(new InetSocketAddress("127.0.0.1", 0), bearer)
                .start();
        HttpClient http = HttpClient.newHttpClient()) {
      URI ping = URI.create("http://127.0.0.1:" + server.tcpPort().orElseThrow() + "/v1/_ping");

      HttpResponse<String> anonymous =
          http.send(HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> withToken =
          http.send(
              HttpRequest.newBuilder(ping).header("Authorization", "Bearer s3cret").build(),
              HttpResponse.BodyHandlers.ofString());
      try (RemoteBerth local = RemoteBerth.connect(server.socket().orElseThrow())) {
        local.ping();
      }

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
      assertThat(anonymous.body()).contains("a valid bearer token is needed");
      assertThat(withToken.statusCode()).isEqualTo(200);
      assertThat(withToken.body()).isEqualTo("OK");
      assertThat(callers).hasSize(2).allSatisfy(c -> assertThat(c.secure()).isFalse());
      assertThat(callers.getFirst().remote()).isInstanceOf(InetSocketAddress.class);
    }
  }
}
