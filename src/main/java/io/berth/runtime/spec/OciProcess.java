package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The container's first process.
 *
 * @param terminal whether runc gives it a pseudo-terminal (berth: never, output goes to pipes)
 * @param user who it runs as
 * @param args the program and its arguments; never empty
 * @param env {@code NAME=value} entries
 * @param cwd the working directory, absolute
 * @param capabilities its capability sets
 * @param rlimits resource limits set before it starts
 * @param noNewPrivileges whether {@code PR_SET_NO_NEW_PRIVS} is set: no setuid gains
 * @param oomScoreAdj its {@code oom_score_adj}, or null to inherit runc's
 */
public record OciProcess(
    @JsonProperty("terminal") boolean terminal,
    @JsonProperty("user") OciUser user,
    @JsonProperty("args") List<String> args,
    @JsonProperty("env") List<String> env,
    @JsonProperty("cwd") String cwd,
    @JsonProperty("capabilities") OciCapabilities capabilities,
    @JsonProperty("rlimits") List<OciRlimit> rlimits,
    @JsonProperty("noNewPrivileges") boolean noNewPrivileges,
    @JsonProperty("oomScoreAdj") Integer oomScoreAdj) {
  public OciProcess {
    if (user == null) {
      throw new IllegalArgumentException("a process needs a user");
    }
    if (args == null || args.isEmpty()) {
      throw new IllegalArgumentException("a process needs args");
    }
    if (cwd == null || !cwd.startsWith("/")) {
      throw new IllegalArgumentException("a process needs an absolute cwd, not '" + cwd + "'");
    }
    args = List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
  }
}
