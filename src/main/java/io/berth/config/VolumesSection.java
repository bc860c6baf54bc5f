package io.berth.config;

import io.berth.spec.VolumeSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code volumes:}, name to {@code {path, uid, gid, mode}}; a volume without a path lives at {@code
 * <volumesRoot>/<name>}, and the spec gets that path, so the agent and the mounts agree.
 */
final class VolumesSection {
  private static final Set<String> FIELDS = Set.of("path", "uid", "gid", "mode");

  private VolumesSection() {}

  /** The volumes by name, in document order. */
  static Map<String, VolumeSpec> read(Field volumes, Path volumesRoot) {
    Map<String, VolumeSpec> out = new LinkedHashMap<>();
    for (var member : volumes.members().entrySet()) {
      String name = member.getKey();
      Field volume = member.getValue().only(FIELDS);
      Field pathField = volume.child("path");
      String path = pathField.string().orElse(null);
      if (path != null && !path.startsWith("/")) {
        throw pathField.fail("expected an absolute path, got " + pathField.describe());
      }
      try {
        out.put(
            name,
            new VolumeSpec(
                name,
                path != null ? path : volumesRoot.resolve(name).toString(),
                Values.id(volume.child("uid")).orElse(null),
                Values.id(volume.child("gid")).orElse(null),
                Values.mode(volume.child("mode")).orElse(null)));
      } catch (IllegalArgumentException e) {
        throw volume.fail(e.getMessage(), e);
      }
    }
    return out;
  }
}
