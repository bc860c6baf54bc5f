package io.berth.runtime.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The options of a user's tmpfs mount, checked here so that runc never fails on them. */
final class TmpfsOptions {
  private static final Set<String> FLAGS =
      Set.of(
          "ro",
          "rw",
          "exec",
          "noexec",
          "suid",
          "nosuid",
          "dev",
          "nodev",
          "sync",
          "async",
          "dirsync",
          "atime",
          "noatime",
          "relatime",
          "norelatime",
          "strictatime",
          "nostrictatime",
          "diratime",
          "nodiratime");
  private static final Pattern SIZE = Pattern.compile("[0-9]+[kKmMgG%]?");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+[kKmMgG]?");
  private static final Pattern MODE = Pattern.compile("[0-7]{1,4}");
  private static final Pattern ID = Pattern.compile("[0-9]{1,10}");
  private static final Set<String> HUGE = Set.of("never", "always", "within_size", "advise");

  private TmpfsOptions() {}

  /**
   * {@code nosuid,nodev} then the user's comma-separated options ({@code suid} or {@code dev} lifts
   * the default), then {@code ro} when asked.
   *
   * @throws InvalidContainerException naming the option and the mount
   */
  static List<String> of(String options, boolean readOnly, String target) {
    Set<String> result = new LinkedHashSet<>(List.of("nosuid", "nodev"));
    if (options != null && !options.isBlank()) {
      for (String option : options.split(",")) {
        option = option.strip();
        check(option, target);
        switch (option) {
          case "suid" -> result.remove("nosuid");
          case "dev" -> result.remove("nodev");
          default -> result.add(option);
        }
      }
    }
    if (readOnly) {
      result.remove("rw");
      result.add("ro");
    }
    return new ArrayList<>(result);
  }

  private static void check(String option, String target) {
    if (FLAGS.contains(option)) {
      return;
    }
    int eq = option.indexOf('=');
    String key = eq < 0 ? option : option.substring(0, eq);
    String value = eq < 0 ? null : option.substring(eq + 1);
    boolean valid =
        value != null
            && switch (key) {
              case "size" -> SIZE.matcher(value).matches();
              case "nr_inodes", "nr_blocks" -> NUMBER.matcher(value).matches();
              case "mode" -> MODE.matcher(value).matches();
              case "uid", "gid" -> ID.matcher(value).matches();
              case "huge" -> HUGE.contains(value);
              default -> false;
            };
    if (!valid) {
      throw new InvalidContainerException(
          "invalid tmpfs option '%s' for %s: use size=, mode=, uid=, gid=, nr_inodes=, huge= or a mount flag such as noexec"
              .formatted(option, target));
    }
  }
}
