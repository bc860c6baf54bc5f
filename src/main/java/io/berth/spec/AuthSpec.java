package io.berth.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code auth:}, who may log in to the remote API: users with a password hash (never a password)
 * and a role.
 *
 * @param users by name
 */
public record AuthSpec(Map<String, User> users) {
  public static final AuthSpec NONE = new AuthSpec(Map.of());

  public AuthSpec {
    users =
        users == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
  }

  /**
   * One user.
   *
   * @param passwordHash as {@code berth auth hash-password} prints it
   * @param role {@code read} or {@code admin}
   * @param kvPrefix when not null, the user reaches only {@code /v1/kv} under this directory of the
   *     configuration store
   */
  public record User(String passwordHash, String role, String kvPrefix) {
    public User(String passwordHash, String role) {
      this(passwordHash, role, null);
    }

    public User {
      if (passwordHash == null || passwordHash.isBlank()) {
        throw new IllegalArgumentException(
            "a user needs a passwordHash (make one with 'berth auth hash-password')");
      }
      role = role == null ? "read" : role;
      if (!role.equals("read") && !role.equals("admin")) {
        throw new IllegalArgumentException("role must be read or admin, got '" + role + "'");
      }
      kvPrefix = kvPrefix == null ? null : KvAccess.prefix(kvPrefix);
    }

    @Override
    public String toString() {
      return "User[passwordHash=<secret>, role=" + role + ", kvPrefix=" + kvPrefix + "]";
    }
  }
}
