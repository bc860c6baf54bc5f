package io.berth.runtime.spec;

import io.berth.spec.MountSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The container's mounts, in the order runc makes them. */
final class MountPlan {
  private MountPlan() {}

  /** The file systems every container gets, as runc's own {@code spec} and Docker set them. */
  static List<OciMount> defaults() {
    return List.of(
        new OciMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        new OciMount(
            "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        new OciMount(
            "/dev/pts",
            "devpts",
            "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        new OciMount(
            "/dev/shm",
            "tmpfs",
            "shm",
            List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
        new OciMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        new OciMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
        new OciMount(
            "/sys/fs/cgroup",
            "cgroup",
            "cgroup",
            List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
  }

  /**
   * The defaults, then the generated /etc files, tini for {@code --init}, and the user's mounts,
   * these sorted by depth (a parent before what is mounted inside it; equal depths keep their
   * order). A user mount on the destination of a default or generated mount replaces it, as in
   * Docker.
   *
   * @param readOnlyRoot whether the root is read-only; the generated files follow it, as Docker's
   *     do
   * @throws InvalidContainerException naming a missing bind source, a bad tmpfs option, a mount on
   *     / or /proc, or two user mounts on one destination
   */
  static List<OciMount> of(
      List<MountSpec> user,
      GeneratedFiles files,
      Path initBinary,
      boolean readOnlyRoot,
      Predicate<Path> pathExists) {
    Map<String, OciMount> userMounts = new LinkedHashMap<>();
    for (MountSpec mount : user) {
      String target = normalize(mount.target());
      if (target.equals("/") || target.equals("/proc") || target.startsWith("/proc/")) {
        throw new InvalidContainerException(
            "cannot mount over %s: berth keeps / and /proc to itself".formatted(mount.target()));
      }
      if (userMounts.containsKey(target)) {
        throw new InvalidContainerException("two mounts on %s".formatted(target));
      }
      userMounts.put(target, userMount(mount, target, pathExists));
    }

    List<OciMount> result = new ArrayList<>();
    for (OciMount mount : defaults()) {
      if (!userMounts.containsKey(mount.destination())) {
        result.add(mount);
      }
    }
    List<OciMount> rest = new ArrayList<>();
    List<String> fileOptions =
        readOnlyRoot ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate");
    addFile(rest, "/etc/hosts", files.hosts(), fileOptions, userMounts.keySet());
    addFile(rest, "/etc/hostname", files.hostname(), fileOptions, userMounts.keySet());
    addFile(rest, "/etc/resolv.conf", files.resolvConf(), fileOptions, userMounts.keySet());
    if (initBinary != null) {
      rest.add(
          new OciMount(
              ProcessArgs.INIT_PATH,
              "bind",
              initBinary.toString(),
              List.of("bind", "ro", "nosuid", "nodev", "rprivate")));
    }
    rest.addAll(userMounts.values());
    rest.sort(Comparator.comparingInt(m -> depth(m.destination())));
    result.addAll(rest);
    return List.copyOf(result);
  }

  private static OciMount userMount(MountSpec mount, String target, Predicate<Path> pathExists) {
    return switch (mount.type()) {
      case BIND -> {
        Path source = Path.of(mount.source());
        if (!pathExists.test(source)) {
          throw new InvalidContainerException(
              "the bind mount source %s does not exist on the host (mount on %s)"
                  .formatted(mount.source(), target));
        }
        yield new OciMount(
            target,
            "bind",
            mount.source(),
            mount.readOnly() ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate"));
      }
      case TMPFS ->
          new OciMount(
              target, "tmpfs", "tmpfs", TmpfsOptions.of(mount.options(), mount.readOnly(), target));
    };
  }

  private static void addFile(
      List<OciMount> mounts, String target, Path file, List<String> options, Set<String> taken) {
    if (file != null && !taken.contains(target)) {
      mounts.add(new OciMount(target, "bind", file.toString(), options));
    }
  }

  /** The target without repeated or trailing slashes or {@code .} components. */
  static String normalize(String target) {
    List<String> parts = new ArrayList<>();
    for (String part : target.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static int depth(String destination) {
    return destination.equals("/") ? 0 : destination.split("/").length - 1;
  }
}
