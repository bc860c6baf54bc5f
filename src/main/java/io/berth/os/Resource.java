package io.berth.os;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of resource limits, numbered as Linux numbers them on x86-64 and arm64. */
public enum Resource {
  CPU(0),
  FSIZE(1),
  DATA(2),
  STACK(3),
  CORE(4),
  RSS(5),
  NPROC(6),
  NOFILE(7),
  MEMLOCK(8),
  AS(9),
  LOCKS(10),
  SIGPENDING(11),
  MSGQUEUE(12),
  NICE(13),
  RTPRIO(14),
  RTTIME(15);

  private final int number;

  Resource(int number) {
    this.number = number;
  }

  /** The {@code RLIMIT_*} number. */
  public int number() {
    return number;
  }

  /** The name the OCI runtime spec uses: {@code RLIMIT_NOFILE}. */
  public String ociName() {
    return "RLIMIT_" + name();
  }

  /**
   * The resource named {@code RLIMIT_NOFILE} or {@code NOFILE}, in any case.
   *
   * @throws IllegalArgumentException naming the known resources
   */
  public static Resource parse(String name) {
    String n = name.strip().toUpperCase(Locale.ROOT);
    String bare = n.startsWith("RLIMIT_") ? n.substring("RLIMIT_".length()) : n;
    for (Resource resource : values()) {
      if (resource.name().equals(bare)) {
        return resource;
      }
    }
    throw new IllegalArgumentException(
        "unknown resource limit '%s': expected one of %s"
            .formatted(
                name,
                Arrays.stream(values()).map(Resource::ociName).collect(Collectors.joining(", "))));
  }
}
