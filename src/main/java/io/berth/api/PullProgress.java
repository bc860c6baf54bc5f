package io.berth.api;

/** Hears how a pull goes, layer by layer. Called from several threads. */
@FunctionalInterface
public interface PullProgress {
  PullProgress NONE = update -> {};

  void update(LayerProgress update);
}
