package io.berth.config;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The EC2 instance metadata service, for the user-data only. IMDSv2 first (a session token from
 * {@code PUT /api/token}, sent with every request); when the PUT fails (IMDSv1 only, or a container
 * one hop too far for the token's answer) the plain GET of IMDSv1.
 */
final class InstanceMetadata {
  static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
  static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
  private static final String TOKEN_TTL_SECONDS = "300";

  private final URI base;
  private final FetchLimits limits;

  /**
   * @param base such as {@code http://169.254.169.254/latest}
   */
  InstanceMetadata(URI base, FetchLimits limits) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.limits = limits;
  }

  /**
   * The user-data, and how it was had.
   *
   * @param imdsV2 whether with an IMDSv2 token; false when the token request failed
   */
  record UserData(FetchedConfig config, boolean imdsV2) {}

  /** The instance's user-data, whole. */
  UserData userData() throws ConfigFetchException {
    URI url = base.resolve("user-data");
    String name = Locations.shown(url);
    Optional<String> token = token();
    HttpRequest.Builder get = HttpRequest.newBuilder(url).GET().timeout(limits.requestTimeout());
    token.ifPresent(t -> get.header(TOKEN_HEADER, t));
    HttpFetch.Answer answer = HttpFetch.send(get.build(), limits, limits.requestTimeout(), name);
    if (answer.status() == 404) {
      throw new ConfigFetchException(
          name, "this instance has no user-data; with BERTH_ENV=ec2 the meta config must be there");
    }
    if (answer.status() != 200) {
      throw new ConfigFetchException(
          name,
          "GET answered HTTP %d%s"
              .formatted(answer.status(), token.isPresent() ? " (IMDSv2)" : " (IMDSv1)"));
    }
    return new UserData(
        new FetchedConfig(answer.body(), name, Optional.empty(), Optional.empty()),
        token.isPresent());
  }

  /** An IMDSv2 session token, or empty to go on with IMDSv1. */
  private Optional<String> token() {
    URI url = base.resolve("api/token");
    HttpRequest put =
        HttpRequest.newBuilder(url)
            .PUT(HttpRequest.BodyPublishers.noBody())
            .timeout(limits.connectTimeout())
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS)
            .build();
    try {
      HttpFetch.Answer answer =
          HttpFetch.send(put, limits, limits.connectTimeout(), Locations.shown(url));
      String token = new String(answer.body(), StandardCharsets.US_ASCII).strip();
      return answer.status() == 200 && !token.isEmpty() ? Optional.of(token) : Optional.empty();
    } catch (ConfigFetchException e) {
      return Optional.empty();
    }
  }
}
