package io.berth.runtime.spec;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The container's capabilities: Docker's defaults, {@code --cap-add}, {@code --cap-drop}. */
final class CapabilitySet {
  private CapabilitySet() {}

  /**
   * Docker's arithmetic: {@code --cap-add ALL} gives every capability but those dropped; otherwise
   * {@code --cap-drop ALL} leaves only those added; otherwise the defaults minus those dropped plus
   * those added (a capability both dropped and added is kept). The result is cut to what the host
   * has: ALL and the defaults quietly, an explicitly added capability with an error.
   *
   * @throws InvalidContainerException naming an unknown capability, or one the host lacks
   */
  static Set<Capability> resolve(List<String> add, List<String> drop, Set<Capability> host) {
    boolean addAll = add.stream().anyMatch(CapabilitySet::isAll);
    boolean dropAll = drop.stream().anyMatch(CapabilitySet::isAll);
    EnumSet<Capability> added = parse(add);
    EnumSet<Capability> dropped = parse(drop);
    for (Capability c : added) {
      if (!host.contains(c)) {
        throw new InvalidContainerException(
            "cannot add %s: berth's own bounding set on this host lacks it".formatted(c.ociName()));
      }
    }
    EnumSet<Capability> result;
    if (addAll) {
      result = EnumSet.allOf(Capability.class);
      result.removeAll(dropped);
    } else if (dropAll) {
      result = added;
    } else {
      result = EnumSet.noneOf(Capability.class);
      result.addAll(Capability.DEFAULTS);
      result.removeAll(dropped);
      result.addAll(added);
    }
    result.retainAll(host);
    return result;
  }

  private static boolean isAll(String name) {
    return name.strip().toUpperCase(Locale.ROOT).equals("ALL");
  }

  private static EnumSet<Capability> parse(List<String> names) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    for (String name : names) {
      if (!isAll(name)) {
        set.add(Capability.parse(name));
      }
    }
    return set;
  }

  /**
   * The five sets runc sets: root gets the capabilities in bounding, effective and permitted; any
   * other user in bounding only, so it gains them only by executing a program with file
   * capabilities (Docker since 20.10). Inheritable and ambient stay empty.
   */
  static OciCapabilities forUser(Set<Capability> capabilities, boolean root) {
    List<String> names = capabilities.stream().sorted().map(Capability::ociName).toList();
    List<String> inEffect = root ? names : List.of();
    return new OciCapabilities(names, inEffect, List.of(), inEffect, List.of());
  }
}
