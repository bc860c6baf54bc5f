package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A seccomp filter: the rules are tried for each system call, and a call no rule matches gets the
 * default action.
 *
 * @param defaultAction {@code SCMP_ACT_ERRNO}, {@code SCMP_ACT_ALLOW}...
 * @param defaultErrnoRet the errno of the default action when it is {@code SCMP_ACT_ERRNO}
 * @param architectures the system call ABIs the filter covers ({@code SCMP_ARCH_X86_64}); empty for
 *     the native one only
 * @param syscalls the rules
 */
public record OciSeccomp(
    @JsonProperty("defaultAction") String defaultAction,
    @JsonProperty("defaultErrnoRet") Integer defaultErrnoRet,
    @JsonProperty("architectures") List<String> architectures,
    @JsonProperty("syscalls") List<Syscall> syscalls) {
  public OciSeccomp {
    if (defaultAction == null) {
      throw new IllegalArgumentException("a seccomp filter needs a default action");
    }
    architectures = architectures == null ? List.of() : List.copyOf(architectures);
    syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
  }

  /**
   * A rule: what happens to the named system calls when every argument condition holds.
   *
   * @param names system call names; runc skips names its libseccomp does not know
   * @param action {@code SCMP_ACT_ALLOW}, {@code SCMP_ACT_ERRNO}...
   * @param errnoRet the errno of {@code SCMP_ACT_ERRNO}, or null for EPERM
   * @param args conditions on the arguments, all of which must hold; null for none
   */
  public record Syscall(
      @JsonProperty("names") List<String> names,
      @JsonProperty("action") String action,
      @JsonProperty("errnoRet") Integer errnoRet,
      @JsonProperty("args") List<Arg> args) {
    public Syscall {
      if (names == null || names.isEmpty() || action == null) {
        throw new IllegalArgumentException("a seccomp rule needs names and an action");
      }
      names = List.copyOf(names);
      args = args == null || args.isEmpty() ? null : List.copyOf(args);
    }
  }

  /**
   * A condition on one argument.
   *
   * @param index the argument's position, from 0
   * @param value the value compared with, or the mask for {@code SCMP_CMP_MASKED_EQ}
   * @param valueTwo the value the masked argument must equal for {@code SCMP_CMP_MASKED_EQ}
   * @param op {@code SCMP_CMP_EQ}, {@code SCMP_CMP_MASKED_EQ}...
   */
  public record Arg(
      @JsonProperty("index") int index,
      @JsonProperty("value") long value,
      @JsonProperty("valueTwo") long valueTwo,
      @JsonProperty("op") String op) {
    public Arg {
      if (index < 0 || index > 5) {
        throw new IllegalArgumentException("a system call argument index is 0 to 5, not " + index);
      }
      if (op == null || !op.startsWith("SCMP_CMP_")) {
        throw new IllegalArgumentException("a seccomp comparison starts with SCMP_CMP_: " + op);
      }
    }
  }
}
