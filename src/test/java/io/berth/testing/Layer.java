package io.berth.testing;

import java.util.List;

/** The entries of one layer tar, in the order they are written. */
public record Layer(List<TarEntry> entries) {
  public Layer {
    entries = List.copyOf(entries);
  }

  public static LayerBuilder builder() {
    return new LayerBuilder();
  }
}
