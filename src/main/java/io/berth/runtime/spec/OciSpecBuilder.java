package io.berth.runtime.spec;

import io.berth.image.oci.ImageConfig;
import io.berth.spec.ContainerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the OCI runtime spec of a container from its image's config and what the user asked for,
 * by Docker's rules, with berth's secure defaults: a read-only root unless asked, no new
 * privileges, the default seccomp profile, Docker's capability set, masked and read-only /proc and
 * /sys paths, the host's rlimits never exceeded. Pure: it reads only what it is given.
 */
public final class OciSpecBuilder {
  /** An annotation: the container's id. */
  public static final String CONTAINER_ID = "io.berth.container.id";

  /** An annotation: the image reference the container was created from. */
  public static final String IMAGE_REF = "io.berth.image.ref";

  /** An annotation: the digest of the image's manifest. */
  public static final String IMAGE_DIGEST = "io.berth.image.digest";

  /** An annotation: the signal that asks the container to stop, when the image names one. */
  public static final String STOP_SIGNAL = "io.berth.stop-signal";

  /**
   * Where tini is bind-mounted, read-only, for {@code --init}. Docker uses /sbin/docker-init; berth
   * mounts it on the container's /dev tmpfs instead, so no mount point is ever made in the image's
   * own tree (a read-only root needs none, a diff of a writable one shows none) and no file of the
   * image is shadowed.
   */
  public static final String INIT_PATH = "/dev/init";

  /** Paths the container cannot read: kernel state that is not namespaced or leaks host facts. */
  public static final List<String> MASKED_PATHS =
      List.of(
          "/proc/acpi",
          "/proc/asound",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/proc/scsi",
          "/sys/firmware",
          "/sys/devices/virtual/powercap");

  /** Paths the container can read but not write: kernel settings of the whole host. */
  public static final List<String> READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private OciSpecBuilder() {}

  /** The cgroup a container runs in, relative to each hierarchy's root. */
  public static String cgroupPath(String containerId) {
    return CgroupResources.path(containerId);
  }

  /**
   * The runtime spec of {@code request} on {@code host}.
   *
   * @throws InvalidContainerException when the image and options do not make a runnable container;
   *     the message names what is wrong (the user, the capability, the mount source...) and the
   *     image where the image is at fault
   */
  public static OciSpec build(ContainerRequest request, HostFacts host) {
    ContainerSpec spec = request.spec();
    ImageConfig.RunConfig image = request.image().config();
    String imageName = request.imageRef().toString();
    String hostname =
        spec.hostname() != null
            ? spec.hostname()
            : request.id().substring(0, Math.min(12, request.id().length()));
    boolean readOnlyRoot = !spec.writable();

    ResolvedUser user =
        UserResolver.resolve(
            spec.user() != null ? spec.user() : image.user(), request.users(), imageName);
    Set<Capability> capabilities =
        CapabilitySet.resolve(spec.capAdd(), spec.capDrop(), host.capabilities());
    OciProcess process =
        new OciProcess(
            false,
            new OciUser(user.uid(), user.gid(), null, user.additionalGids()),
            ProcessArgs.of(image, spec, imageName, spec.init()),
            Environment.of(image.env(), spec.env(), hostname, user.home(), imageName),
            workdir(spec, image),
            CapabilitySet.forUser(capabilities, user.isRoot()),
            Rlimits.of(host.openFilesHardLimit(), host.processesHardLimit()),
            true,
            0);

    List<OciMount> mounts =
        MountPlan.of(
            spec.mounts(),
            request.files(),
            spec.init() ? host.initBinary() : null,
            readOnlyRoot,
            host.pathExists());

    OciLinux linux =
        new OciLinux(
            namespaces(spec.network(), host.cgroupV2()),
            null,
            null,
            CgroupResources.of(spec.resources(), host.swapLimit()),
            CgroupResources.path(request.id()),
            SeccompProfile.defaultProfile()
                .render(capabilities, host.architecture(), request.image().architecture()),
            MASKED_PATHS,
            READONLY_PATHS,
            null);

    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CONTAINER_ID, request.id());
    annotations.put(IMAGE_REF, imageName);
    annotations.put(IMAGE_DIGEST, request.imageDigest().toString());
    if (image.stopSignal() != null && !image.stopSignal().isBlank()) {
      annotations.put(STOP_SIGNAL, image.stopSignal());
    }

    return new OciSpec(
        OciSpec.VERSION,
        process,
        new OciRoot(request.rootfs().toString(), readOnlyRoot),
        hostname,
        mounts,
        linux,
        annotations);
  }

  /**
   * The owner an account names, for a change of ownership: {@code uid} or {@code name} changes the
   * user only ({@code gid} -1), {@code user:group} both; names from the image's /etc/passwd and
   * /etc/group.
   *
   * @return {@code {uid, gid}}
   * @throws InvalidContainerException naming an unknown user or group
   */
  public static int[] owner(String account, UserDatabase users, String imageName) {
    ResolvedUser resolved = UserResolver.resolve(account, users, imageName);
    return new int[] {resolved.uid(), account.contains(":") ? resolved.gid() : -1};
  }

  /**
   * {@code spec} with catatonit as its first process ({@code catatonit -P}: it reaps what is
   * orphaned in the container and waits), bind-mounted read-only at {@link #INIT_PATH}. The
   * container's own process, the one {@code spec} had, is then started by the agent like any other
   * (a service's main task), and the container outlives it, for the hooks and finalize tasks that
   * follow. The pause process keeps the user, capabilities and limits the container's process had.
   */
  public static OciSpec paused(OciSpec spec, java.nio.file.Path pauseBinary) {
    OciProcess main = spec.process();
    OciProcess pause =
        new OciProcess(
            false,
            main.user(),
            List.of(INIT_PATH, "-P"),
            main.env(),
            "/",
            main.capabilities(),
            main.rlimits(),
            true,
            main.oomScoreAdj());
    List<OciMount> mounts = new ArrayList<>(spec.mounts());
    mounts.removeIf(m -> m.destination().equals(INIT_PATH));
    mounts.add(
        new OciMount(
            INIT_PATH,
            "bind",
            pauseBinary.toString(),
            List.of("bind", "ro", "nosuid", "nodev", "rprivate")));
    return new OciSpec(
        spec.ociVersion(),
        pause,
        spec.root(),
        spec.hostname(),
        mounts,
        spec.linux(),
        spec.annotations());
  }

  /**
   * The process of an exec in a running container: the container's own process with another
   * command, and the environment, user and working directory given. A different user gets the
   * capabilities a container process of that user would get: root all of the container's, any other
   * user the bounding set only.
   *
   * @param container the container's process, from its config.json
   * @param env variables set on top of the container's, the later of equal names winning
   * @param user uid[:gid] or a name, or null for the container's user
   * @param workdir an absolute path, or null for the container's
   * @param users the image's /etc/passwd and /etc/group
   * @throws InvalidContainerException naming an unknown user, an empty command or a relative path
   */
  public static OciProcess execProcess(
      OciProcess container,
      List<String> command,
      Map<String, String> env,
      String user,
      String workdir,
      UserDatabase users,
      String imageName) {
    if (command == null || command.isEmpty() || command.getFirst().isEmpty()) {
      throw new InvalidContainerException("exec needs a command");
    }
    if (workdir != null && !workdir.startsWith("/")) {
      throw new InvalidContainerException(
          "the working directory must be an absolute path, not '%s'".formatted(workdir));
    }
    OciUser identity = container.user();
    OciCapabilities capabilities = container.capabilities();
    if (user != null && !user.isBlank()) {
      ResolvedUser resolved = UserResolver.resolve(user, users, imageName);
      identity = new OciUser(resolved.uid(), resolved.gid(), null, resolved.additionalGids());
      Set<Capability> bounding =
          capabilities == null
              ? Set.of()
              : capabilities.bounding().stream()
                  .map(Capability::parse)
                  .collect(
                      java.util.stream.Collectors.toCollection(
                          () -> java.util.EnumSet.noneOf(Capability.class)));
      capabilities = CapabilitySet.forUser(bounding, resolved.isRoot());
    }
    Map<String, String> merged = new LinkedHashMap<>();
    for (String entry : container.env()) {
      int eq = entry.indexOf('=');
      merged.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    if (env != null) {
      env.forEach(
          (name, value) -> {
            if (name.isEmpty() || name.contains("=")) {
              throw new InvalidContainerException(
                  "invalid environment variable name '%s'".formatted(name));
            }
            merged.put(name, value);
          });
    }
    return new OciProcess(
        false,
        identity,
        command,
        merged.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
        workdir != null ? workdir : container.cwd(),
        capabilities,
        container.rlimits(),
        container.noNewPrivileges(),
        container.oomScoreAdj());
  }

  /** {@code --workdir}, else the image's WorkingDir (made absolute, as Docker does), else /. */
  static String workdir(ContainerSpec spec, ImageConfig.RunConfig image) {
    if (spec.workdir() != null) {
      return MountPlan.normalize(spec.workdir());
    }
    String dir = image.workingDir();
    return dir == null || dir.isBlank() ? "/" : MountPlan.normalize(dir);
  }

  /** pid, ipc, uts and mount always; network unless the host's; cgroup on cgroup v2. */
  static List<OciNamespace> namespaces(ContainerSpec.Network network, boolean cgroupV2) {
    List<OciNamespace> namespaces = new ArrayList<>();
    namespaces.add(OciNamespace.of("pid"));
    namespaces.add(OciNamespace.of("ipc"));
    namespaces.add(OciNamespace.of("uts"));
    namespaces.add(OciNamespace.of("mount"));
    if (network != ContainerSpec.Network.HOST) {
      namespaces.add(OciNamespace.of("network"));
    }
    if (cgroupV2) {
      namespaces.add(OciNamespace.of("cgroup"));
    }
    return namespaces;
  }
}
