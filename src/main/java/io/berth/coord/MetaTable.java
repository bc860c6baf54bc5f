package io.berth.coord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The embedded store's counters ({@code coord_meta}): its revision and its compaction point. */
final class MetaTable {
  static final String REVISION = "revision";
  static final String COMPACT_REVISION = "compact_revision";

  private MetaTable() {}

  static long get(Connection c, String name) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT value FROM coord_meta WHERE name = ?")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("coord_meta has no '" + name + "'");
        }
        return rs.getLong(1);
      }
    }
  }

  static void set(Connection c, String name, long value) throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement("UPDATE coord_meta SET value = ? WHERE name = ?")) {
      u.setLong(1, value);
      u.setString(2, name);
      u.executeUpdate();
    }
  }

  /** True when the database has the store's tables (its schema was applied). */
  static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'coord_meta'")) {
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }
}
