package io.berth.auth;

import java.time.Instant;

/**
 * What is known of an API token; never the token itself, which only its creator saw.
 *
 * @param id what {@code berth token revoke} takes
 * @param name a reminder of what it is for; may be empty
 * @param role {@code read} or {@code admin}
 * @param created when it was made
 * @param expires when it stops working; null for never
 * @param lastUsed when it was last accepted; null for never
 * @param kvPrefix the only part of the API it reaches: {@code /v1/kv} under this directory of the
 *     configuration store; null for the whole API
 * @param kvSecrets whether it may reveal secrets of the store (an admin token always may)
 */
public record ApiToken(
    String id,
    String name,
    String role,
    Instant created,
    Instant expires,
    Instant lastUsed,
    String kvPrefix,
    boolean kvSecrets) {

  /** Whether it has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expires != null && !now.isBefore(expires);
  }

  /**
   * A token just made: what it is, and its secret, shown once.
   *
   * @param token what is stored of it
   * @param secret the bearer token to give to a client
   */
  public record Created(ApiToken token, String secret) {
    @Override
    public String toString() {
      return "Created[token=" + token + ", secret=<secret>]";
    }
  }
}
