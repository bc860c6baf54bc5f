package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * berth's default seccomp profile, {@code seccomp-default.json} beside this class: an allowlist
 * whose rules may depend on the container's capabilities. {@link #render} turns it into the filter
 * of one container.
 *
 * @param about what the profile is and what it leaves out
 * @param defaultAction the action for calls no rule names
 * @param defaultErrno the errno of that action, by name
 * @param architectures the seccomp ABIs per host architecture and image architecture (Go names);
 *     the host's own entry is the one for an image of any other architecture
 * @param rules the rules, in order
 */
record SeccompProfile(
    @JsonProperty("about") List<String> about,
    @JsonProperty("defaultAction") String defaultAction,
    @JsonProperty("defaultErrno") String defaultErrno,
    @JsonProperty("architectures") Map<String, Map<String, List<String>>> architectures,
    @JsonProperty("rules") List<Rule> rules) {
  static final String RESOURCE = "seccomp-default.json";

  /** The errno values the profile names; the same numbers on every architecture berth runs on. */
  private static final Map<String, Integer> ERRNO = Map.of("EPERM", 1, "ENOSYS", 38);

  private static final SeccompProfile DEFAULT = load();

  SeccompProfile {
    about = about == null ? List.of() : List.copyOf(about);
    architectures = Map.copyOf(architectures);
    rules = List.copyOf(rules);
    errnoNumber(defaultErrno);
  }

  /** The profile berth ships. */
  static SeccompProfile defaultProfile() {
    return DEFAULT;
  }

  /**
   * The filter for a container with {@code capabilities} on a host of {@code hostArchitecture},
   * from an image built for {@code imageArchitecture} (null when the image does not say): the
   * host's ABI, and the image's when the host runs that one too. None listed (a host the profile
   * does not know) leaves runc to the host's own.
   */
  OciSeccomp render(
      Set<Capability> capabilities, String hostArchitecture, String imageArchitecture) {
    List<OciSeccomp.Syscall> syscalls = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.appliesTo(capabilities)) {
        syscalls.add(rule.toSyscall());
      }
    }
    String host = goArchitecture(hostArchitecture);
    Map<String, List<String>> byImage = architectures.getOrDefault(host, Map.of());
    List<String> abis =
        byImage.getOrDefault(
            imageArchitecture == null ? host : goArchitecture(imageArchitecture),
            byImage.getOrDefault(host, List.of()));
    return new OciSeccomp(defaultAction, errnoNumber(defaultErrno), abis, syscalls);
  }

  /** Java's and the kernel's names for an architecture, as Go and the OCI specs name it. */
  static String goArchitecture(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "386", "i386", "i686", "x86" -> "386";
      case "arm", "armhf", "armv7l" -> "arm";
      default -> name;
    };
  }

  static int errnoNumber(String name) {
    Integer value = ERRNO.get(name);
    if (value == null) {
      throw new IllegalArgumentException("unknown errno " + name + " in the seccomp profile");
    }
    return value;
  }

  private static SeccompProfile load() {
    try (InputStream in = SeccompProfile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from berth's class path");
      }
      return Json.strict().readValue(in, SeccompProfile.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /**
   * A rule of the profile.
   *
   * @param why the reason the calls are allowed (or answered as they are)
   * @param action {@code allow} or {@code errno}
   * @param errno the errno name for {@code errno}
   * @param names the system calls
   * @param args conditions on their arguments
   * @param ifCapability the rule applies only with one of these
   * @param unlessCapability the rule applies only with none of these
   */
  record Rule(
      @JsonProperty("why") String why,
      @JsonProperty("action") String action,
      @JsonProperty("errno") String errno,
      @JsonProperty("names") List<String> names,
      @JsonProperty("args") List<OciSeccomp.Arg> args,
      @JsonProperty("ifCapability") List<Capability> ifCapability,
      @JsonProperty("unlessCapability") List<Capability> unlessCapability) {
    Rule {
      if (why == null || why.isBlank()) {
        throw new IllegalArgumentException("every seccomp rule says why: " + names);
      }
      if (names == null || names.isEmpty()) {
        throw new IllegalArgumentException("a seccomp rule without names: " + why);
      }
      switch (action) {
        case "allow" -> {
          if (errno != null) {
            throw new IllegalArgumentException("an allow rule has no errno: " + names);
          }
        }
        case "errno" -> errnoNumber(errno);
        case null, default ->
            throw new IllegalArgumentException("unknown seccomp action " + action + ": " + names);
      }
      names = List.copyOf(names);
      args = args == null ? List.of() : List.copyOf(args);
      ifCapability = ifCapability == null ? List.of() : List.copyOf(ifCapability);
      unlessCapability = unlessCapability == null ? List.of() : List.copyOf(unlessCapability);
    }

    boolean appliesTo(Set<Capability> capabilities) {
      boolean opened =
          ifCapability.isEmpty() || ifCapability.stream().anyMatch(capabilities::contains);
      boolean closed = unlessCapability.stream().anyMatch(capabilities::contains);
      return opened && !closed;
    }

    OciSeccomp.Syscall toSyscall() {
      return action.equals("allow")
          ? new OciSeccomp.Syscall(names, "SCMP_ACT_ALLOW", null, args)
          : new OciSeccomp.Syscall(names, "SCMP_ACT_ERRNO", errnoNumber(errno), args);
    }
  }
}
