package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** berth's default seccomp profile: an allowlist, with what is dangerous left out. */
class SeccompProfileTest {
  /**
   * Real system calls newer than the host's libseccomp (Debian 12's 2.5.4 knows up to
   * futex_requeue, 456): runc skips them there and, as they are newer than every call it knows,
   * answers ENOSYS; a newer libseccomp allows them.
   */
  private static final Set<String> NEWER_THAN_LIBSECCOMP =
      Set.of("mseal", "getxattrat", "setxattrat", "listxattrat", "removexattrat");

  private static final List<String> NEVER_ALLOWED =
      List.of(
          "keyctl",
          "add_key",
          "request_key",
          "kexec_load",
          "kexec_file_load",
          "swapon",
          "swapoff",
          "userfaultfd",
          "io_uring_setup",
          "io_uring_enter",
          "io_uring_register",
          "modify_ldt",
          "uselib",
          "_sysctl",
          "nfsservctl",
          "vm86",
          "vm86old");

  private static final List<String> DANGEROUS_BY_DEFAULT =
      List.of(
          "mount",
          "umount",
          "umount2",
          "pivot_root",
          "ptrace",
          "process_vm_readv",
          "process_vm_writev",
          "bpf",
          "perf_event_open",
          "init_module",
          "finit_module",
          "delete_module",
          "reboot",
          "open_by_handle_at",
          "setns",
          "fsopen",
          "fsmount",
          "move_mount",
          "open_tree",
          "clock_settime",
          "settimeofday",
          "syslog",
          "acct",
          "iopl",
          "ioperm",
          "sethostname");

  private static OciSeccomp render(Set<Capability> capabilities) {
    return SeccompProfile.defaultProfile().render(capabilities, "amd64", "amd64");
  }

  private static Set<Capability> defaultsPlus(Capability... added) {
    EnumSet<Capability> set = EnumSet.copyOf(Capability.DEFAULTS);
    set.addAll(List.of(added));
    return set;
  }

  /** Names some rule allows without conditions on the arguments. */
  private static Set<String> allowedOutright(OciSeccomp seccomp) {
    Set<String> names = new TreeSet<>();
    for (OciSeccomp.Syscall rule : seccomp.syscalls()) {
      if (rule.action().equals("SCMP_ACT_ALLOW") && rule.args() == null) {
        names.addAll(rule.names());
      }
    }
    return names;
  }

  private static List<OciSeccomp.Syscall> rulesFor(OciSeccomp seccomp, String name) {
    return seccomp.syscalls().stream().filter(r -> r.names().contains(name)).toList();
  }

  @Test
  void profile_everyName_isASystemCallLibseccompKnowsOrANewerOne() {
    Libseccomp libseccomp = new Libseccomp();
    List<String> unknown = new ArrayList<>();
    for (SeccompProfile.Rule rule : SeccompProfile.defaultProfile().rules()) {
      for (String name : rule.names()) {
        if (!libseccomp.knows(name) && !NEWER_THAN_LIBSECCOMP.contains(name)) {
          unknown.add(name);
        }
      }
    }

    assertThat(unknown).as("misspelt or unknown system calls").isEmpty();
    assertThat(NEVER_ALLOWED).allMatch(libseccomp::knows);
    assertThat(DANGEROUS_BY_DEFAULT).allMatch(libseccomp::knows);
  }

  @Test
  void defaultAction_isEperm() {
    OciSeccomp seccomp = render(Capability.DEFAULTS);

    assertThat(seccomp.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(seccomp.defaultErrnoRet()).isEqualTo(1);
  }

  @Test
  void ordinaryPrograms_haveWhatTheyNeed() {
    assertThat(allowedOutright(render(Capability.DEFAULTS)))
        .contains(
            "read",
            "write",
            "openat",
            "close",
            "newfstatat",
            "statx",
            "mmap",
            "mprotect",
            "brk",
            "execve",
            "exit_group",
            "wait4",
            "futex",
            "rt_sigaction",
            "rt_sigreturn",
            "epoll_pwait",
            "socket",
            "connect",
            "getrandom",
            "prlimit64",
            "set_robust_list",
            "rseq",
            "ioctl",
            "fork",
            "vfork",
            "chroot",
            "seccomp");
  }

  @Test
  void dangerousCalls_areLeftOutOfTheDefault() {
    assertThat(allowedOutright(render(Capability.DEFAULTS)))
        .doesNotContainAnyElementsOf(DANGEROUS_BY_DEFAULT)
        .doesNotContainAnyElementsOf(NEVER_ALLOWED)
        .doesNotContain("clone", "clone3", "unshare", "personality");
  }

  @Test
  void keyringKexecSwapUserfaultfdIoUring_areNeverAllowedEvenWithEveryCapability() {
    OciSeccomp all = render(EnumSet.allOf(Capability.class));

    for (String name : NEVER_ALLOWED) {
      assertThat(rulesFor(all, name)).as(name).isEmpty();
    }
  }

  @Test
  void clone_isAllowedOnlyWithoutNamespaceFlags() {
    List<OciSeccomp.Syscall> rules = rulesFor(render(Capability.DEFAULTS), "clone");

    assertThat(rules)
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.action()).isEqualTo("SCMP_ACT_ALLOW");
              assertThat(rule.args())
                  .containsExactly(new OciSeccomp.Arg(0, 0x7E020000L, 0, "SCMP_CMP_MASKED_EQ"));
            });
    long namespaces =
        0x00020000L
            | 0x02000000L
            | 0x04000000L
            | 0x08000000L
            | 0x10000000L
            | 0x20000000L
            | 0x40000000L;
    assertThat(rules.getFirst().args().getFirst().value()).isEqualTo(namespaces);
  }

  @Test
  void unshare_isAllowedOnlyWithoutNamespaceFlagsIncludingTime() {
    assertThat(rulesFor(render(Capability.DEFAULTS), "unshare"))
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.args())
                    .containsExactly(new OciSeccomp.Arg(0, 0x7E020080L, 0, "SCMP_CMP_MASKED_EQ")));
  }

  @Test
  void clone3_getsEnosysSoLibcFallsBackToClone() {
    assertThat(rulesFor(render(Capability.DEFAULTS), "clone3"))
        .containsExactly(new OciSeccomp.Syscall(List.of("clone3"), "SCMP_ACT_ERRNO", 38, null));
  }

  @Test
  void sysAdmin_opensNamespacesAndMounts() {
    OciSeccomp seccomp = render(defaultsPlus(Capability.SYS_ADMIN));

    assertThat(allowedOutright(seccomp))
        .contains("mount", "umount2", "unshare", "setns", "clone", "clone3", "pivot_root", "bpf")
        .doesNotContain("ptrace", "keyctl");
    assertThat(rulesFor(seccomp, "clone")).singleElement().extracting(r -> r.args()).isNull();
    assertThat(rulesFor(seccomp, "clone3"))
        .singleElement()
        .extracting(OciSeccomp.Syscall::action)
        .isEqualTo("SCMP_ACT_ALLOW");
  }

  @Test
  void otherCapabilities_openTheirOwnCalls() {
    assertThat(allowedOutright(render(defaultsPlus(Capability.SYS_PTRACE))))
        .contains("ptrace", "process_vm_readv", "kcmp")
        .doesNotContain("mount");
    assertThat(allowedOutright(render(defaultsPlus(Capability.BPF)))).contains("bpf");
    assertThat(allowedOutright(render(defaultsPlus(Capability.PERFMON))))
        .contains("perf_event_open");
    assertThat(allowedOutright(render(defaultsPlus(Capability.SYS_TIME))))
        .contains("clock_settime", "settimeofday");
    assertThat(allowedOutright(render(defaultsPlus(Capability.SYS_MODULE))))
        .contains("init_module", "finit_module", "delete_module");
    assertThat(allowedOutright(render(defaultsPlus(Capability.DAC_READ_SEARCH))))
        .contains("open_by_handle_at");
  }

  @Test
  void noCall_isInTwoRulesWithDifferentActions_whateverTheCapabilities() {
    List<Set<Capability>> sets = new ArrayList<>();
    sets.add(Capability.DEFAULTS);
    sets.add(EnumSet.allOf(Capability.class));
    sets.add(EnumSet.noneOf(Capability.class));
    for (Capability c : Capability.values()) {
      sets.add(defaultsPlus(c));
    }
    for (Set<Capability> set : sets) {
      Map<String, String> actions = new HashMap<>();
      Map<String, Boolean> unconditional = new HashMap<>();
      for (OciSeccomp.Syscall rule : render(set).syscalls()) {
        for (String name : rule.names()) {
          String action = rule.action() + "/" + rule.errnoRet();
          String before = actions.putIfAbsent(name, action);
          assertThat(before).as("%s with %s", name, set).isIn(null, action);
          if (rule.args() == null) {
            assertThat(unconditional.put(name, true))
                .as("%s allowed twice without conditions with %s", name, set)
                .isNull();
          }
        }
      }
    }
  }

  @Test
  void abis_areTheHostsOwn_andThe32BitOneOnlyForAnImageBuiltForIt() {
    SeccompProfile profile = SeccompProfile.defaultProfile();

    assertThat(profile.render(Capability.DEFAULTS, "amd64", "amd64").architectures())
        .containsExactly("SCMP_ARCH_X86_64");
    assertThat(profile.render(Capability.DEFAULTS, "x86_64", null).architectures())
        .containsExactly("SCMP_ARCH_X86_64");
    assertThat(profile.render(Capability.DEFAULTS, "amd64", "386").architectures())
        .containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");
    // an image of an architecture the host cannot run gets the host's ABI: the kernel refuses it
    assertThat(profile.render(Capability.DEFAULTS, "amd64", "arm64").architectures())
        .containsExactly("SCMP_ARCH_X86_64");
    assertThat(profile.render(Capability.DEFAULTS, "aarch64", "arm64").architectures())
        .containsExactly("SCMP_ARCH_AARCH64");
    assertThat(profile.render(Capability.DEFAULTS, "aarch64", "arm").architectures())
        .containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
    assertThat(profile.render(Capability.DEFAULTS, "riscv64", "riscv64").architectures()).isEmpty();
    assertThat(
            profile.architectures().values().stream()
                .flatMap(m -> m.values().stream())
                .flatMap(List::stream))
        .doesNotContain("SCMP_ARCH_X32");
  }

  @Test
  void everyRule_saysWhy() {
    assertThat(SeccompProfile.defaultProfile().rules()).allMatch(r -> !r.why().isBlank());
    assertThat(SeccompProfile.defaultProfile().about()).isNotEmpty();
  }
}
