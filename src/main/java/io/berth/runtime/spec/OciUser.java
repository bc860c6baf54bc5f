package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The identity of a process. runc sets exactly these: it calls {@code setgroups} with {@code
 * additionalGids} (an empty list clears the groups runc itself had).
 *
 * @param uid the user id
 * @param gid the primary group id
 * @param umask the umask, or null for runc's default (0022)
 * @param additionalGids the supplementary groups
 */
public record OciUser(
    @JsonProperty("uid") int uid,
    @JsonProperty("gid") int gid,
    @JsonProperty("umask") Integer umask,
    @JsonProperty("additionalGids") List<Integer> additionalGids) {
  public OciUser {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid cannot be negative");
    }
    additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
  }
}
