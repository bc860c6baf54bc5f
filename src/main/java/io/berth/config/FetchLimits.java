package io.berth.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a fetch may take and how big a config may be.
 *
 * @param connectTimeout to open a connection (and, for the EC2 metadata service, to get an IMDSv2
 *     token before falling back to IMDSv1)
 * @param requestTimeout for a whole request, answer and body included
 * @param maxBytes the largest config accepted; a bigger one fails the fetch
 */
public record FetchLimits(Duration connectTimeout, Duration requestTimeout, long maxBytes) {
  /** 5 s to connect, 30 s a request, 1 MiB a config. */
  public static final FetchLimits DEFAULT =
      new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), 1 << 20);

  public FetchLimits {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("the connect timeout must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
    if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxBytes must be from 1 to about 2 GiB");
    }
  }
}
