package io.berth.runtime.spec;

import java.util.List;

/**
 * Who the process runs as, after the image's /etc/passwd and /etc/group were consulted.
 *
 * @param uid the user id
 * @param gid the primary group id
 * @param additionalGids the supplementary groups
 * @param home the home directory ({@code /} when the user has no passwd entry)
 */
record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {
  ResolvedUser {
    additionalGids = List.copyOf(additionalGids);
  }

  boolean isRoot() {
    return uid == 0;
  }
}
