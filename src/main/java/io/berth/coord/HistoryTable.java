package io.berth.coord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of the recent revisions ({@code coord_history}), from which a watch starts in the past
 * or catches up when it fell behind.
 */
final class HistoryTable {
  private HistoryTable() {}

  /** Appends the events of one revision; returns the bytes they take. */
  static long append(Connection c, Changes changes) throws SQLException {
    long bytes = 0;
    try (PreparedStatement i =
        c.prepareStatement(
            "INSERT INTO coord_history(revision, position, key, deleted, value, create_revision,"
                + " version, lease) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (WatchEvent event : changes.events()) {
        byte[] key = KeyBytes.of(event.key());
        i.setLong(1, changes.revision());
        i.setInt(2, position++);
        i.setBytes(3, key);
        bytes += key.length;
        switch (event) {
          case WatchEvent.Put(KeyValue entry) -> {
            i.setInt(4, 0);
            i.setBytes(5, entry.value());
            i.setLong(6, entry.createRevision());
            i.setLong(7, entry.version());
            i.setLong(8, entry.lease());
            bytes += entry.size();
          }
          case WatchEvent.Delete _ -> {
            i.setInt(4, 1);
            i.setNull(5, java.sql.Types.BLOB);
            i.setLong(6, 0);
            i.setLong(7, 0);
            i.setLong(8, 0);
          }
        }
        i.addBatch();
      }
      i.executeBatch();
    }
    return bytes;
  }

  /** The events on {@code keys} from revision {@code from} through {@code through}, in order. */
  static List<WatchEvent> read(Connection c, Keys keys, long from, long through)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT key, deleted, value, create_revision, version, lease, revision"
                + " FROM coord_history WHERE revision >= ? AND revision <= ? AND "
                + KeyTable.where(keys)
                + " ORDER BY revision, position")) {
      q.setLong(1, from);
      q.setLong(2, through);
      KeyTable.bind(q, keys, 3);
      List<WatchEvent> events = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String key = KeyBytes.string(rs.getBytes(1));
          long revision = rs.getLong(7);
          events.add(
              rs.getInt(2) != 0
                  ? new WatchEvent.Delete(key, revision)
                  : new WatchEvent.Put(
                      new KeyValue(
                          key,
                          rs.getBytes(3),
                          rs.getLong(4),
                          revision,
                          rs.getLong(5),
                          rs.getLong(6))));
        }
      }
      return events;
    }
  }

  /** The bytes the history takes (keys and values), as {@link #append} counts them. */
  static long bytes(Connection c) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT COALESCE(SUM(LENGTH(key) + COALESCE(LENGTH(value), 0)), 0)"
                + " FROM coord_history")) {
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The oldest revision to keep so that the history takes at most {@code budget} bytes; never later
   * than {@code newest}, which is always kept.
   */
  static long keepFromForBytes(Connection c, long total, long budget, long newest)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT revision, SUM(LENGTH(key) + COALESCE(LENGTH(value), 0)) FROM coord_history"
                + " GROUP BY revision ORDER BY revision")) {
      long remaining = total;
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          long revision = rs.getLong(1);
          if (remaining <= budget || revision >= newest) {
            return revision;
          }
          remaining -= rs.getLong(2);
        }
      }
      return newest;
    }
  }

  /** Deletes the revisions before {@code revision}; returns the bytes freed. */
  static long deleteBefore(Connection c, long revision) throws SQLException {
    long freed;
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT COALESCE(SUM(LENGTH(key) + COALESCE(LENGTH(value), 0)), 0)"
                + " FROM coord_history WHERE revision < ?")) {
      q.setLong(1, revision);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        freed = rs.getLong(1);
      }
    }
    try (PreparedStatement d = c.prepareStatement("DELETE FROM coord_history WHERE revision < ?")) {
      d.setLong(1, revision);
      d.executeUpdate();
    }
    return freed;
  }
}
