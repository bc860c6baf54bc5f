package io.berth.config;

import io.berth.config.Node.ScalarNode.Kind;
import io.berth.spec.MountSpec;
import io.berth.spec.VolumeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A service's {@code mounts}: a list of {@code HOST:CONTAINER[:ro|rw]}, {@code
 * VOLUME:CONTAINER[:ro|rw]} and {@code {type, source, target, readOnly, options}} items, or
 * Frontloader's mapping {@code INSIDE: OUTSIDE}. A volume mount becomes a bind mount of the
 * volume's path; naming a volume that is not declared is an error.
 */
final class Mounts {
  private static final Set<String> FIELDS =
      Set.of("type", "source", "target", "readOnly", "options");
  private static final String SHORT = "HOST:CONTAINER[:ro|rw] or VOLUME:CONTAINER[:ro|rw]";

  private final Map<String, VolumeSpec> volumes;
  private final List<MountSpec> mounts = new ArrayList<>();
  private final Map<String, Field> targets = new HashMap<>();

  private Mounts(Map<String, VolumeSpec> volumes) {
    this.volumes = volumes;
  }

  static List<MountSpec> read(Field field, Map<String, VolumeSpec> volumes) {
    Mounts reader = new Mounts(volumes);
    if (field.isMap()) {
      for (var member : field.members().entrySet()) {
        Field outside = member.getValue();
        String source = outside.requiredString("a host path or a volume name");
        reader.add(outside, reader.sourced(outside, source, member.getKey(), false));
      }
    } else if (field.present() && !field.isList()) {
      throw field.fail(
          "expected a list of mounts, or a mapping of INSIDE: OUTSIDE, got " + field.describe());
    } else {
      for (Field item : field.items()) {
        reader.add(item, item.is(Kind.STRING) ? reader.shortForm(item) : reader.object(item));
      }
    }
    return List.copyOf(reader.mounts);
  }

  private void add(Field at, MountSpec mount) {
    Field first = targets.putIfAbsent(mount.target(), at);
    if (first != null) {
      throw at.fail(
          "%s is already mounted by %s at line %d"
              .formatted(mount.target(), first.path(), first.at().line()));
    }
    mounts.add(mount);
  }

  private MountSpec shortForm(Field item) {
    String text = item.string().orElseThrow();
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw item.fail("expected " + SHORT + ", got " + item.describe());
    }
    boolean readOnly = false;
    if (parts.length == 3) {
      readOnly =
          switch (parts[2]) {
            case "ro" -> true;
            case "rw" -> false;
            default ->
                throw item.fail(
                    "expected %s: the mode is ro or rw, got %s".formatted(SHORT, item.describe()));
          };
    }
    return sourced(item, parts[0], parts[1], readOnly);
  }

  /** A bind mount of a host path, or of a volume's path when {@code source} is not a path. */
  private MountSpec sourced(Field at, String source, String target, boolean readOnly) {
    String host = source.startsWith("/") ? source : volume(at, source).path();
    try {
      return MountSpec.bind(host, target, readOnly);
    } catch (IllegalArgumentException e) {
      throw at.fail(e.getMessage(), e);
    }
  }

  private VolumeSpec volume(Field at, String name) {
    VolumeSpec volume = volumes.get(name);
    if (volume == null) {
      throw at.fail(
          "volume \"%s\" is not declared under volumes (declared: %s); a host path starts with /"
              .formatted(name, volumes.isEmpty() ? "none" : String.join(", ", volumes.keySet())));
    }
    return volume;
  }

  private MountSpec object(Field item) {
    if (!item.isMap()) {
      throw item.fail("expected " + SHORT + ", or a mapping, got " + item.describe());
    }
    item.only(FIELDS);
    Field typeField = item.child("type");
    String source = item.child("source").string().orElse(null);
    String target = item.child("target").requiredString("the path inside the container");
    boolean readOnly = item.child("readOnly").bool().orElse(false);
    String options = item.child("options").string().orElse(null);
    String type =
        typeField
            .string()
            .map(t -> t.toLowerCase(Locale.ROOT))
            .orElse(source == null || source.startsWith("/") ? "bind" : "volume");
    if (options != null && !type.equals("tmpfs")) {
      throw item.child("options").fail("options are for tmpfs mounts only");
    }
    try {
      return switch (type) {
        case "bind" -> MountSpec.bind(source, target, readOnly);
        case "tmpfs" -> {
          if (source != null) {
            throw item.child("source").fail("a tmpfs mount has no source");
          }
          yield new MountSpec(MountSpec.Type.TMPFS, null, target, readOnly, options);
        }
        case "volume" -> {
          Field sourceField = item.child("source");
          String name = sourceField.requiredString("the name of a volume");
          yield MountSpec.bind(volume(sourceField, name).path(), target, readOnly);
        }
        default ->
            throw typeField.fail("expected bind, tmpfs or volume, got " + typeField.describe());
      };
    } catch (IllegalArgumentException e) {
      throw item.fail(e.getMessage(), e);
    }
  }
}
