package io.berth.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a container should be, as {@code berth run} or the API says it: the image, the process, the
 * mounts, the limits. Validated here; turned into an OCI runtime bundle by the runtime.
 *
 * @param image the image reference
 * @param name a unique name, or null to let berth choose one
 * @param entrypoint replaces the image's entrypoint when not null (Docker's {@code --entrypoint});
 *     an empty list clears it
 * @param command replaces the image's command when not null; empty means "none given"
 * @param env variables set on top of the image's, in order; the later of two equal names wins
 * @param mounts bind mounts and tmpfs mounts, in the order they are mounted
 * @param user {@code uid[:gid]} or a name from the image's /etc/passwd, or null for the image's
 * @param capAdd capabilities added to the default set ({@code NET_ADMIN} or {@code CAP_NET_ADMIN},
 *     {@code ALL})
 * @param capDrop capabilities removed from it
 * @param writable whether the root filesystem is writable (an upper layer kept for {@code diff})
 * @param hostname the container's host name, or null for its short id
 * @param workdir the working directory, or null for the image's
 * @param init whether tini runs as PID 1 to reap zombies
 * @param resources memory, CPU and pids limits
 * @param network {@code host} or {@code none}
 * @param autoRemove remove the container when it exits ({@code --rm})
 * @param labels free-form labels
 */
public record ContainerSpec(
    String image,
    String name,
    List<String> entrypoint,
    List<String> command,
    Map<String, String> env,
    List<MountSpec> mounts,
    String user,
    List<String> capAdd,
    List<String> capDrop,
    boolean writable,
    String hostname,
    String workdir,
    boolean init,
    Resources resources,
    Network network,
    boolean autoRemove,
    Map<String, String> labels) {

  public ContainerSpec {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("a container needs an image");
    }
    if (name != null && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException(
          "invalid container name '%s': use letters, digits, '_', '.' and '-', starting with a letter or digit"
              .formatted(name));
    }
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    command = command == null ? null : List.copyOf(command);
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    for (String key : env.keySet()) {
      if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid environment variable name '%s'".formatted(key));
      }
    }
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    if (hostname != null && !hostname.matches("[a-zA-Z0-9]([a-zA-Z0-9.-]{0,62})")) {
      throw new IllegalArgumentException("invalid hostname '%s'".formatted(hostname));
    }
    if (workdir != null && !workdir.startsWith("/")) {
      throw new IllegalArgumentException(
          "the working directory must be an absolute path, not '%s'".formatted(workdir));
    }
    resources = resources == null ? Resources.NONE : resources;
    network = network == null ? Network.NONE : network;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A container of {@code image} with everything else the default. */
  public static ContainerSpec of(String image) {
    return new ContainerSpec(
        image, null, null, null, null, null, null, null, null, false, null, null, false, null, null,
        false, null);
  }

  /** This spec with {@code init} as its tini setting. */
  public ContainerSpec withInit(boolean init) {
    return new ContainerSpec(
        image,
        name,
        entrypoint,
        command,
        env,
        mounts,
        user,
        capAdd,
        capDrop,
        writable,
        hostname,
        workdir,
        init,
        resources,
        network,
        autoRemove,
        labels);
  }

  /** Where the container's network lives. */
  public enum Network {
    /** The host's network namespace: the container binds the host's ports. */
    HOST,
    /** A network namespace of its own with only loopback, up. */
    NONE;

    public static Network parse(String text) {
      return switch (text == null ? "" : text.toLowerCase(java.util.Locale.ROOT)) {
        case "host" -> HOST;
        case "none" -> NONE;
        default ->
            throw new IllegalArgumentException(
                "unsupported network '%s': berth offers host and none (private networks come later)"
                    .formatted(text));
      };
    }
  }

  /**
   * cgroup limits; zero means no limit.
   *
   * @param memoryBytes the memory limit
   * @param cpus CPUs worth of time, such as 0.5 (a CFS quota)
   * @param pids the most processes the container may have
   */
  public record Resources(long memoryBytes, double cpus, long pids) {
    public static final Resources NONE = new Resources(0, 0, 0);

    public Resources {
      if (memoryBytes < 0) {
        throw new IllegalArgumentException("the memory limit cannot be negative");
      }
      if (memoryBytes > 0 && memoryBytes < 6L << 20) {
        throw new IllegalArgumentException(
            "a memory limit of %d bytes is too small: the minimum is 6 MiB".formatted(memoryBytes));
      }
      if (cpus < 0 || Double.isNaN(cpus) || Double.isInfinite(cpus)) {
        throw new IllegalArgumentException("invalid CPU limit " + cpus);
      }
      if (pids < 0) {
        throw new IllegalArgumentException("the pids limit cannot be negative");
      }
    }
  }
}
