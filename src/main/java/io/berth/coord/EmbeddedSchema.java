package io.berth.coord;

import io.berth.store.Schema;

/**
 * The embedded store's tables. Keys are BLOBs of their UTF-8 bytes, so that SQLite orders and
 * compares them as etcd does. The history holds every event of the revisions a watch may still
 * start from; {@code coord_meta} holds the revision counter and the compaction point.
 */
final class EmbeddedSchema {
  static final Schema SCHEMA =
      Schema.of(
          "coord",
          """
          CREATE TABLE coord_meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
          );
          INSERT INTO coord_meta(name, value) VALUES ('revision', 1), ('compact_revision', 0);
          CREATE TABLE coord_keys (
            key BLOB PRIMARY KEY,
            value BLOB NOT NULL,
            create_revision INTEGER NOT NULL,
            mod_revision INTEGER NOT NULL,
            version INTEGER NOT NULL,
            lease INTEGER NOT NULL
          );
          CREATE INDEX coord_keys_lease ON coord_keys(lease) WHERE lease != 0;
          CREATE TABLE coord_history (
            revision INTEGER NOT NULL,
            position INTEGER NOT NULL,
            key BLOB NOT NULL,
            deleted INTEGER NOT NULL,
            value BLOB,
            create_revision INTEGER NOT NULL,
            version INTEGER NOT NULL,
            lease INTEGER NOT NULL,
            PRIMARY KEY (revision, position)
          );
          CREATE TABLE coord_leases (
            id INTEGER PRIMARY KEY,
            ttl_seconds INTEGER NOT NULL,
            deadline_millis INTEGER NOT NULL
          )
          """);

  private EmbeddedSchema() {}
}
