package io.berth.testing;

import io.berth.image.oci.MediaTypes;
import io.berth.spec.Digest;
import io.berth.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small registry reader for asserting on what a {@link TestRegistry} serves. It
 * answers a Basic or Bearer challenge once per request (no token cache), which is all a test needs
 * and keeps it independent of berth's own registry client.
 */
public final class RegistryHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final TestRegistry registry;
  private final Optional<Credentials> user;

  private RegistryHttp(TestRegistry registry, Optional<Credentials> user) {
    this.registry = registry;
    this.user = user;
  }

  /** As a client without credentials. */
  public static RegistryHttp anonymous(TestRegistry registry) {
    return new RegistryHttp(registry, Optional.empty());
  }

  /** With the registry's credentials (anonymous when it has none). */
  public static RegistryHttp authenticated(TestRegistry registry) {
    return new RegistryHttp(registry, registry.credentials());
  }

  /** A manifest as served: its content type, digest header and exact bytes. */
  public record Fetched(int status, String contentType, String digestHeader, byte[] body) {
    /** The sha256 of the body: what the registry's digest header must say. */
    public Digest computedDigest() {
      return Digest.sha256(body);
    }
  }

  public Fetched manifest(String repository, String reference) {
    return fetch(
        "/v2/%s/manifests/%s".formatted(repository, reference), MediaTypes.MANIFEST_ACCEPT);
  }

  public Fetched blob(String repository, Digest digest) {
    return fetch("/v2/%s/blobs/%s".formatted(repository, digest), "*/*");
  }

  /** GET {@code path}, answering one auth challenge; redirects (blob storage) are followed. */
  public Fetched fetch(String path, String accept) {
    HttpResponse<byte[]> response = send(path, accept, Optional.empty());
    if (response.statusCode() == 401) {
      Optional<String> authorization =
          response.headers().firstValue("WWW-Authenticate").flatMap(this::answer);
      if (authorization.isPresent()) {
        response = send(path, accept, authorization);
      }
    }
    return new Fetched(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("Docker-Content-Digest").orElse(""),
        response.body());
  }

  private Optional<String> answer(String challenge) {
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      return user.map(Credentials::basicAuthorization);
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    Matcher matcher = PARAM.matcher(challenge);
    while (matcher.find()) {
      params.put(matcher.group(1), matcher.group(2));
    }
    StringBuilder url = new StringBuilder(params.getOrDefault("realm", ""));
    url.append("?service=").append(encode(params.getOrDefault("service", "")));
    if (params.containsKey("scope")) {
      url.append("&scope=").append(encode(params.get("scope")));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(TIMEOUT);
    user.ifPresent(u -> request.header("Authorization", u.basicAuthorization()));
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      String token = Json.lenient().readTree(response.body()).path("token").asText("");
      return token.isEmpty() ? Optional.empty() : Optional.of("Bearer " + token);
    } catch (IOException e) {
      throw new IllegalStateException("token request to " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private HttpResponse<byte[]> send(String path, String accept, Optional<String> authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(registry.baseUrl().resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", accept);
    authorization.ifPresent(value -> request.header("Authorization", value));
    try {
      HttpResponse<byte[]> response =
          registry.httpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      // the filesystem driver serves blobs itself, but other drivers redirect; follow once
      if (response.statusCode() == 307 || response.statusCode() == 302) {
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        return registry
            .httpClient()
            .send(
                HttpRequest.newBuilder(registry.baseUrl().resolve(location))
                    .timeout(TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(
          "GET %s failed: %s; registry log:%n%s".formatted(path, e, registry.log()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
