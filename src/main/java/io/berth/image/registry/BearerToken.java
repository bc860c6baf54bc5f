package io.berth.image.registry;

import java.time.Instant;

/** A token from a registry's token service, valid until {@code refreshAt}. */
record BearerToken(String value, Instant refreshAt) {
  BearerToken {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("empty token");
    }
  }

  String authorization() {
    return "Bearer " + value;
  }

  boolean usableAt(Instant now) {
    return now.isBefore(refreshAt);
  }

  @Override
  public String toString() {
    return "BearerToken[value=<hidden>, refreshAt=" + refreshAt + "]";
  }
}
