package io.berth.runtime.spec;

import java.util.List;

/**
 * A line of /etc/group.
 *
 * @param name the group name
 * @param gid the group id
 * @param members the names of the users it lists as members (supplementary, not primary)
 */
public record GroupEntry(String name, int gid, List<String> members) {
  public GroupEntry {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a group entry needs a name");
    }
    if (gid < 0) {
      throw new IllegalArgumentException("a gid cannot be negative");
    }
    members = members == null ? List.of() : List.copyOf(members);
  }
}
