package io.berth.config;

import io.berth.spec.AuthSpec;
import io.berth.spec.KvAccess;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code auth:}, who may log in to the remote API: {@code users: {NAME: {passwordHash, role,
 * kvPrefix}}}. A password is never written here, only its hash ({@code berth auth hash-password}).
 */
final class AuthSection {
  private static final Set<String> USER = Set.of("passwordHash", "role", "kvPrefix");
  // The format PasswordHash writes; checked here so that a bad hash fails at load, with its field.
  private static final Pattern HASH =
      Pattern.compile("pbkdf2-sha256\\$[0-9]{5,9}\\$[A-Za-z0-9+/]+=*\\$[A-Za-z0-9+/]+=*");

  private AuthSection() {}

  static AuthSpec read(Field auth) {
    if (!auth.present()) {
      return AuthSpec.NONE;
    }
    if (!auth.isMap()) {
      throw auth.fail("expected a mapping with users, got " + auth.describe());
    }
    auth.only(Set.of("users"));
    Map<String, AuthSpec.User> users = new LinkedHashMap<>();
    for (var member : auth.child("users").members().entrySet()) {
      Field user = member.getValue();
      if (!user.isMap()) {
        throw user.fail("expected a mapping with passwordHash and role, got " + user.describe());
      }
      user.only(USER);
      Field hash = user.child("passwordHash");
      String text =
          hash.requiredString("a hash as 'berth auth hash-password' prints it (pbkdf2-sha256$...)");
      if (!HASH.matcher(text).matches()) {
        throw hash.fail(
            "expected a hash as 'berth auth hash-password' prints it (pbkdf2-sha256$ITERATIONS$SALT$HASH);"
                + " never a password");
      }
      Field role = user.child("role");
      String roleName = role.string().orElse("read");
      if (!roleName.equals("read") && !roleName.equals("admin")) {
        throw role.fail("expected read or admin, got " + role.describe());
      }
      Field kvPrefix = user.child("kvPrefix");
      String prefix = null;
      if (kvPrefix.present()) {
        try {
          prefix = KvAccess.prefix(kvPrefix.requiredString("a directory such as /org/myorg/app/"));
        } catch (IllegalArgumentException e) {
          throw kvPrefix.fail(e.getMessage(), e);
        }
      }
      users.put(member.getKey(), new AuthSpec.User(text, roleName, prefix));
    }
    return new AuthSpec(users);
  }
}
