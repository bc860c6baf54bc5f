package io.berth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A remote client's side of the agent's TLS API, as the JDK's HTTP client meets it. */
public final class Https {
  private Https() {}

  /** Trusts exactly the certificate in {@code certPem}: the agent's self-signed one. */
  public static SSLContext trusting(Path certPem) throws Exception {
    try (InputStream in = Files.newInputStream(certPem)) {
      return TlsMaterial.trustingOnly(
          CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
  }

  /**
   * Sends {@code method path} under {@code base}, with the bearer {@code token} and the JSON {@code
   * body} when not null.
   */
  public static HttpResponse<String> send(
      HttpClient http,
      URI base,
      String method,
      String path,
      String token,
      String body,
      Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
