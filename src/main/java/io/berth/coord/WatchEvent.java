package io.berth.coord;

/** One change a watch delivers. */
public sealed interface WatchEvent {
  String key();

  /** The revision of the change; events of one revision happened atomically. */
  long revision();

  /** A key was created or changed. */
  record Put(KeyValue entry) implements WatchEvent {
    @Override
    public String key() {
      return entry.key();
    }

    @Override
    public long revision() {
      return entry.modRevision();
    }
  }

  /** A key was deleted: by a delete, or because its lease ended. */
  record Delete(String key, long revision) implements WatchEvent {}
}
