package io.berth.agent;

import io.berth.auth.ApiTokens;
import io.berth.testing.BerthHome;
import io.berth.testing.Https;
import io.berth.testing.TestRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real agent serving its API over TLS on loopback, with a real admin token, as a remote client
 * meets it: through the JDK's HTTP client, trusting the agent's self-signed certificate.
 */
final class TlsAgent implements AutoCloseable {
  final BerthHome home;
  final EmbeddedAgent agent;
  final String token;
  final URI base;
  private final HttpClient http;

  TlsAgent(TestRegistry registry) throws Exception {
    home = BerthHome.create().trust(registry);
    agent =
        EmbeddedAgent.start(
            home.settings(),
            new AgentOptions(Engine.Recovery.stop, null, null, null, null, null)
                .withRemote(
                    new RemoteApi(new InetSocketAddress("127.0.0.1", 0), null, null, false, null)));
    try (ApiTokens tokens = ApiTokens.open(home.settings().database())) {
      token = tokens.create("admin", "tests", null).secret();
    }
    base = URI.create("https://127.0.0.1:" + agent.remotePort().orElseThrow());
    http =
        HttpClient.newBuilder()
            .sslContext(Https.trusting(home.root().resolve("tls/cert.pem")))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(method, path, token, body);
  }

  HttpResponse<String> send(String method, String path, String bearer, String body)
      throws IOException, InterruptedException {
    return Https.send(http, base, method, path, bearer, body, Duration.ofSeconds(60));
  }

  /** What {@link #curl} got: the status and the body. */
  record Curled(int status, String body) {}

  /**
   * Runs curl against the agent, as the README shows remote use: with the token and the agent's
   * certificate, and these further arguments (such as {@code -F} parts) before the path's URL.
   */
  Curled curl(String path, String... arguments) throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "--max-time",
                "60",
                "--cacert",
                home.root().resolve("tls/cert.pem").toString(),
                "-H",
                "Authorization: Bearer " + token,
                "-w",
                "\n%{http_code}"));
    command.addAll(List.of(arguments));
    command.add(base.resolve(path).toString());
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = curl.getInputStream()) {
      out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } finally {
      if (!curl.waitFor(70, java.util.concurrent.TimeUnit.SECONDS)) {
        curl.destroyForcibly().waitFor();
      }
    }
    int end = out.lastIndexOf('\n');
    if (curl.exitValue() != 0 || end < 0) {
      throw new IOException("curl failed (" + curl.exitValue() + "): " + out);
    }
    return new Curled(Integer.parseInt(out.substring(end + 1).trim()), out.substring(0, end));
  }

  /** The bundles on disk: a failed create leaves none. */
  List<Path> bundles() throws IOException {
    Path containers = home.root().resolve("containers");
    if (!Files.isDirectory(containers)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(containers)) {
      return all.toList();
    }
  }

  @Override
  public void close() {
    try {
      http.close();
      agent.close();
    } finally {
      home.close();
    }
  }
}
