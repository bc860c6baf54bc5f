package io.berth.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or access token) for one registry. {@link #toString()} never shows the
 * password, so a config printed in a log or an exception message does not leak it.
 */
public record Credentials(String username, String password) {
  public Credentials {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("credentials need a user name");
    }
    if (username.contains(":")) {
      throw new IllegalArgumentException(
          "user name '%s' contains ':', which Basic authentication cannot carry"
              .formatted(username));
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(
          "credentials for '%s' need a password".formatted(username));
    }
  }

  /** The value of an {@code Authorization} header for Basic authentication. */
  String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=<hidden>]";
  }
}
