package io.berth.runtime.spec;

import java.util.List;
import java.util.Optional;

/**
 * The users and groups of an image, as its /etc/passwd and /etc/group say. The caller reads the two
 * files from the container's root filesystem (without following links out of it) and hands their
 * text to {@link #parse}.
 */
public interface UserDatabase {
  /** The first entry named {@code name}. */
  Optional<PasswdEntry> userByName(String name);

  /** The first entry with {@code uid}. */
  Optional<PasswdEntry> userById(int uid);

  /** The first group named {@code name}. */
  Optional<GroupEntry> groupByName(String name);

  /** The first group with {@code gid}. */
  Optional<GroupEntry> groupById(int gid);

  /** Every group that lists {@code userName} as a member, in file order. */
  List<GroupEntry> groupsWithMember(String userName);

  /**
   * Parses the text of /etc/passwd and /etc/group as libc does: blank lines, comments, NIS lines
   * ({@code +}/{@code -}) and malformed lines are skipped, the first of two equal names wins.
   *
   * @param passwd the text of /etc/passwd, or null when the image has none
   * @param group the text of /etc/group, or null when the image has none
   */
  static UserDatabase parse(String passwd, String group) {
    return EtcFiles.parse(passwd, group);
  }

  /** An image without /etc/passwd or /etc/group. */
  static UserDatabase empty() {
    return EtcFiles.parse(null, null);
  }
}
