package io.berth.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** A user name and password a test registry or token server accepts. */
public record Credentials(String username, String password) {
  public Credentials {
    if (username == null || username.isEmpty() || username.contains(":")) {
      throw new IllegalArgumentException("a user name must be non-empty and without ':'");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("a password must be non-empty");
    }
  }

  /** A fresh user with a random password, so no test passes by guessing a fixed one. */
  public static Credentials random(String username) {
    return new Credentials(username, UUID.randomUUID().toString());
  }

  /** The value of an {@code Authorization} header for HTTP Basic. */
  public String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** As skopeo's {@code --src-creds} and {@code --dest-creds} take them. */
  public String colonSeparated() {
    return username + ":" + password;
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", ****]";
  }
}
