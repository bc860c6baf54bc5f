package io.berth.runtime.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code --user} or the image's User as Docker (and runc's libcontainer/user) does: {@code
 * user[:group]}, each a name or a number.
 */
final class UserResolver {
  private UserResolver() {}

  /**
   * Resolves {@code text}.
   *
   * <ul>
   *   <li>empty or null: uid 0, as the entry for uid 0 says;
   *   <li>a number: that uid, with its passwd entry's gid, home and groups if it has one, gid 0,
   *       home {@code /} and no groups if not;
   *   <li>a name: its passwd entry, or an error;
   *   <li>{@code :group}: that group (a name must be in /etc/group, a number need not be); no
   *       supplementary groups then, only with the implicit group.
   * </ul>
   *
   * @throws InvalidContainerException naming the user or group and the image
   */
  static ResolvedUser resolve(String text, UserDatabase users, String imageName) {
    String spec = text == null ? "" : text.strip();
    int colon = spec.indexOf(':');
    String userPart = colon < 0 ? spec : spec.substring(0, colon);
    String groupPart = colon < 0 ? null : spec.substring(colon + 1);
    if (groupPart != null
        && (userPart.isEmpty() || groupPart.isEmpty() || groupPart.contains(":"))) {
      throw new InvalidContainerException(
          "invalid user '%s': expected user[:group], each a name or a number".formatted(text));
    }

    int uid;
    int gid = 0;
    String home = "/";
    String name = null;
    Optional<PasswdEntry> entry;
    if (userPart.isEmpty()) {
      uid = 0;
      entry = users.userById(0);
    } else if (isNumber(userPart)) {
      uid = id(userPart, "uid", text);
      entry = users.userById(uid);
    } else {
      entry = users.userByName(userPart);
      if (entry.isEmpty()) {
        throw new InvalidContainerException(
            "user '%s' not found in the /etc/passwd of image %s".formatted(userPart, imageName));
      }
      uid = entry.get().uid();
    }
    if (entry.isPresent()) {
      gid = entry.get().gid();
      home = entry.get().home();
      name = entry.get().name();
    }

    List<Integer> groups = new ArrayList<>();
    if (groupPart != null) {
      if (isNumber(groupPart)) {
        gid = id(groupPart, "gid", text);
      } else {
        gid =
            users
                .groupByName(groupPart)
                .orElseThrow(
                    () ->
                        new InvalidContainerException(
                            "group '%s' not found in the /etc/group of image %s"
                                .formatted(groupPart, imageName)))
                .gid();
      }
    } else if (name != null) {
      for (GroupEntry group : users.groupsWithMember(name)) {
        if (!groups.contains(group.gid())) {
          groups.add(group.gid());
        }
      }
    }
    return new ResolvedUser(uid, gid, groups, home);
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static int id(String digits, String what, String text) {
    if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
      throw new InvalidContainerException(
          "invalid user '%s': the %s must be between 0 and %d"
              .formatted(text, what, Integer.MAX_VALUE));
    }
    return Integer.parseInt(digits);
  }
}
