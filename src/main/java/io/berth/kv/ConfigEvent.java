package io.berth.kv;

/** One change a watch delivers; secret values are hidden. */
public sealed interface ConfigEvent {
  ConfigPath path();

  long revision();

  /** A key was written. */
  record Changed(ConfigEntry entry) implements ConfigEvent {
    @Override
    public ConfigPath path() {
      return entry.path();
    }

    @Override
    public long revision() {
      return entry.modRevision();
    }
  }

  /** A key was deleted. */
  record Deleted(ConfigPath path, long revision) implements ConfigEvent {}
}
