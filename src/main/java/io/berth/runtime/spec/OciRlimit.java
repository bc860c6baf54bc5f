package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A resource limit runc sets with {@code setrlimit} before the process starts.
 *
 * @param type the limit's name, {@code RLIMIT_NOFILE}
 * @param hard the ceiling (an unsigned 64-bit number)
 * @param soft the value in force
 */
public record OciRlimit(
    @JsonProperty("type") String type,
    @JsonProperty("hard") long hard,
    @JsonProperty("soft") long soft) {
  public OciRlimit {
    if (type == null || !type.startsWith("RLIMIT_")) {
      throw new IllegalArgumentException("an rlimit type starts with RLIMIT_, not '" + type + "'");
    }
    if (Long.compareUnsigned(soft, hard) > 0) {
      throw new IllegalArgumentException(type + ": the soft limit is above the hard limit");
    }
  }
}
