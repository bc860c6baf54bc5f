package io.berth.runtime;

import io.berth.os.Resource;
import io.berth.os.ResourceLimit;
import io.berth.os.ResourceLimits;
import io.berth.runtime.spec.Capability;
import io.berth.runtime.spec.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Finds out what the runtime-spec builder needs to know about this host: the agent's hard limits (a
 * container never gets more), the cgroup layout, swap accounting, the capabilities berth holds.
 */
final class HostFactsProbe {
  private static volatile HostFacts cached;

  private HostFactsProbe() {}

  static HostFacts facts(Path tini) throws IOException {
    HostFacts facts = cached;
    if (facts == null || !facts.initBinary().equals(tini)) {
      facts = probe(tini);
      cached = facts;
    }
    return facts;
  }

  private static HostFacts probe(Path tini) throws IOException {
    ResourceLimit files = ResourceLimits.get(Resource.NOFILE);
    ResourceLimit processes = ResourceLimits.get(Resource.NPROC);
    Path cgroup = Path.of("/sys/fs/cgroup");
    boolean v2 = Files.exists(cgroup.resolve("cgroup.controllers"));
    boolean swap =
        v2
            ? Files.exists(cgroup.resolve("user.slice/memory.swap.max"))
                || Files.exists(cgroup.resolve("system.slice/memory.swap.max"))
            : Files.exists(cgroup.resolve("memory/memory.memsw.limit_in_bytes"));
    return new HostFacts(
        files.hard(),
        processes.hard(),
        tini,
        v2,
        swap,
        boundingCapabilities(),
        System.getProperty("os.arch"),
        p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p));
  }

  /** The capabilities in this process's bounding set ({@code CapBnd} of /proc/self/status). */
  private static Set<Capability> boundingCapabilities() throws IOException {
    long mask = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapBnd:")) {
        mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
      }
    }
    Set<Capability> set = EnumSet.noneOf(Capability.class);
    for (Capability c : Capability.values()) {
      if (c.ordinal() < 64 && (mask & (1L << c.ordinal())) != 0) {
        set.add(c);
      }
    }
    return set;
  }
}
