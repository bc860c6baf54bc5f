package io.berth.runtime.spec;

/**
 * A line of /etc/passwd, the parts berth uses.
 *
 * @param name the user name
 * @param uid the user id
 * @param gid the primary group id
 * @param home the home directory
 */
public record PasswdEntry(String name, int uid, int gid, String home) {
  public PasswdEntry {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a passwd entry needs a name");
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid cannot be negative");
    }
    home = home == null || home.isEmpty() ? "/" : home;
  }
}
