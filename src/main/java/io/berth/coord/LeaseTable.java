package io.berth.coord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store's leases ({@code coord_leases}). A deadline is wall-clock milliseconds, so
 * that it means the same after the agent restarts.
 */
final class LeaseTable {
  private LeaseTable() {}

  /** A lease: its TTL and when it expires unless kept alive. */
  record Row(long id, long ttlSeconds, long deadlineMillis) {}

  static List<Row> all(Connection c) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT id, ttl_seconds, deadline_millis FROM coord_leases")) {
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        }
      }
      return rows;
    }
  }

  static boolean exists(Connection c, long id) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM coord_leases WHERE id = ?")) {
      q.setLong(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void insert(Connection c, Row row) throws SQLException {
    try (PreparedStatement i =
        c.prepareStatement(
            "INSERT INTO coord_leases(id, ttl_seconds, deadline_millis) VALUES(?, ?, ?)")) {
      i.setLong(1, row.id());
      i.setLong(2, row.ttlSeconds());
      i.setLong(3, row.deadlineMillis());
      i.executeUpdate();
    }
  }

  static void setDeadline(Connection c, long id, long deadlineMillis) throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement("UPDATE coord_leases SET deadline_millis = ? WHERE id = ?")) {
      u.setLong(1, deadlineMillis);
      u.setLong(2, id);
      u.executeUpdate();
    }
  }

  static boolean delete(Connection c, long id) throws SQLException {
    try (PreparedStatement d = c.prepareStatement("DELETE FROM coord_leases WHERE id = ?")) {
      d.setLong(1, id);
      return d.executeUpdate() > 0;
    }
  }
}
