package io.berth.testing;

import java.util.List;

/**
 * One attack a layer can carry: its layers (bottom first; most attacks need one), what it tries,
 * and a word the unpacker's error must contain when it refuses. {@link #refused()} says when a
 * refusal is due: some cases are only hostile under a policy (no devices, a size limit).
 */
public record HostileLayer(
    String name, String attempt, String errorWord, Refused refused, List<Layer> layers) {
  public HostileLayer {
    if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException("a hostile case needs a lowercase name usable in a tag");
    }
    layers = List.copyOf(layers);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a hostile case needs a layer");
    }
  }

  public enum Refused {
    ALWAYS,
    /** When the service forbids device nodes (berth's default for untrusted images). */
    WHEN_DEVICES_FORBIDDEN,
    /** When the unpacker's uncompressed-size limit is below {@link HostileLayers#BOMB_SIZE}. */
    WHEN_SIZE_LIMITED,
    /**
     * Never: the attack cannot work against per-layer snapshots, so the layer is accepted, and the
     * test proves only that nothing escaped. Each layer unpacks into a directory of its own, so a
     * symlink a lower layer planted is never followed, and an entry that replaces a hard link to a
     * symlink replaces the link rather than writing through it (Docker's overlay2 does the same).
     */
    NEVER
  }

  @Override
  public String toString() {
    return name + " (" + attempt + ")";
  }
}
