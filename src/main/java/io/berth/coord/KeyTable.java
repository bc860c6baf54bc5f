package io.berth.coord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The current keys of the embedded store ({@code coord_keys}). */
final class KeyTable {
  private static final String COLUMNS = "key, value, create_revision, mod_revision, version, lease";

  private KeyTable() {}

  static Optional<KeyValue> get(Connection c, String key) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT " + COLUMNS + " FROM coord_keys WHERE key = ?")) {
      q.setBytes(1, KeyBytes.of(key));
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(read(rs, false)) : Optional.empty();
      }
    }
  }

  /** The keys {@code keys} covers, in key order, at most {@code limit} (0: all). */
  static List<KeyValue> range(Connection c, Keys keys, RangeOptions options) throws SQLException {
    String sql =
        "SELECT "
            + (options.keysOnly()
                ? "key, NULL, create_revision, mod_revision, version, lease"
                : COLUMNS)
            + " FROM coord_keys WHERE "
            + where(keys)
            + " ORDER BY key"
            + (options.limit() > 0 ? " LIMIT " + options.limit() : "");
    try (PreparedStatement q = c.prepareStatement(sql)) {
      bind(q, keys, 1);
      List<KeyValue> entries = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          entries.add(read(rs, options.keysOnly()));
        }
      }
      return entries;
    }
  }

  static long count(Connection c, Keys keys) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT COUNT(*) FROM coord_keys WHERE " + where(keys))) {
      bind(q, keys, 1);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The keys attached to {@code lease}, in key order. */
  static List<String> ofLease(Connection c, long lease) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT key FROM coord_keys WHERE lease = ? ORDER BY key")) {
      q.setLong(1, lease);
      List<String> keys = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          keys.add(KeyBytes.string(rs.getBytes(1)));
        }
      }
      return keys;
    }
  }

  static void upsert(Connection c, KeyValue entry) throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement(
            "INSERT INTO coord_keys("
                + COLUMNS
                + ") VALUES(?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                + " create_revision = excluded.create_revision,"
                + " mod_revision = excluded.mod_revision, version = excluded.version,"
                + " lease = excluded.lease")) {
      u.setBytes(1, KeyBytes.of(entry.key()));
      u.setBytes(2, entry.value());
      u.setLong(3, entry.createRevision());
      u.setLong(4, entry.modRevision());
      u.setLong(5, entry.version());
      u.setLong(6, entry.lease());
      u.executeUpdate();
    }
  }

  /** Deletes the keys {@code keys} covers; returns them, in key order. */
  static List<String> delete(Connection c, Keys keys) throws SQLException {
    List<String> deleted = new ArrayList<>();
    for (KeyValue entry : range(c, keys, RangeOptions.KEYS)) {
      deleted.add(entry.key());
    }
    if (!deleted.isEmpty()) {
      try (PreparedStatement d =
          c.prepareStatement("DELETE FROM coord_keys WHERE " + where(keys))) {
        bind(d, keys, 1);
        d.executeUpdate();
      }
    }
    return deleted;
  }

  /** A condition on the {@code key} column for {@code keys}, with its parameters. */
  static String where(Keys keys) {
    return switch (keys) {
      case Keys.Exact _ -> "key = ?";
      case Keys.Prefix _ -> "key >= ? AND key < ?";
    };
  }

  /** Binds the parameters of {@link #where} from index {@code first}; returns the next index. */
  static int bind(PreparedStatement statement, Keys keys, int first) throws SQLException {
    switch (keys) {
      case Keys.Exact(String key) -> {
        statement.setBytes(first, KeyBytes.of(key));
        return first + 1;
      }
      case Keys.Prefix(String prefix) -> {
        byte[] bytes = KeyBytes.of(prefix);
        statement.setBytes(first, bytes);
        statement.setBytes(first + 1, KeyBytes.prefixEnd(bytes));
        return first + 2;
      }
    }
  }

  private static KeyValue read(ResultSet rs, boolean keysOnly) throws SQLException {
    return new KeyValue(
        KeyBytes.string(rs.getBytes(1)),
        keysOnly ? null : rs.getBytes(2),
        rs.getLong(3),
        rs.getLong(4),
        rs.getLong(5),
        rs.getLong(6));
  }
}
