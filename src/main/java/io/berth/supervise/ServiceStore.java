package io.berth.supervise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.spec.Digest;
import io.berth.spec.Json;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Services' state and their history, in the agent's SQLite database. */
final class ServiceStore {
  static final Schema SCHEMA =
      Schema.of(
          "services",
          """
          CREATE TABLE services (
            name TEXT PRIMARY KEY,
            container_id TEXT,
            digest TEXT,
            previous TEXT,
            bad TEXT NOT NULL,
            stopped INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            restarts INTEGER NOT NULL,
            window_start TEXT
          );
          CREATE TABLE service_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            service TEXT NOT NULL,
            kind TEXT NOT NULL,
            from_digest TEXT,
            to_digest TEXT,
            started TEXT NOT NULL,
            finished TEXT,
            outcome TEXT,
            reason TEXT
          );
          CREATE INDEX service_history_service ON service_history(service, id)
          """);

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private final Database database;

  ServiceStore(Database database) {
    this.database = database;
  }

  Optional<ServiceState> get(String name) throws IOException {
    return database.read(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT name, container_id, digest, previous, bad, stopped, generation, restarts,"
                      + " window_start FROM services WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
          }
        });
  }

  List<ServiceState> list() throws IOException {
    return database.read(
        c -> {
          List<ServiceState> all = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT name, container_id, digest, previous, bad, stopped, generation, restarts,"
                          + " window_start FROM services ORDER BY name")) {
            while (rs.next()) {
              all.add(read(rs));
            }
          }
          return all;
        });
  }

  void put(ServiceState state) throws IOException {
    database.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO services(name, container_id, digest, previous, bad, stopped, generation,"
                      + " restarts, window_start) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT(name) DO UPDATE SET container_id = excluded.container_id,"
                      + " digest = excluded.digest, previous = excluded.previous, bad = excluded.bad,"
                      + " stopped = excluded.stopped, generation = excluded.generation,"
                      + " restarts = excluded.restarts, window_start = excluded.window_start")) {
            s.setString(1, state.name());
            s.setString(2, state.containerId());
            s.setString(3, text(state.digest()));
            s.setString(4, text(state.previous()));
            s.setString(5, json(state.bad().stream().map(Digest::toString).toList()));
            s.setInt(6, state.stopped() ? 1 : 0);
            s.setLong(7, state.generation());
            s.setInt(8, state.restarts());
            s.setString(9, state.windowStart() == null ? null : state.windowStart().toString());
            s.executeUpdate();
          }
          return null;
        });
  }

  void remove(String name) throws IOException {
    database.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM services WHERE name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Starts a history entry; returns its id for {@link #finish}. */
  long begin(String service, String kind, Digest from, Digest to) throws IOException {
    return database.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO service_history(service, kind, from_digest, to_digest, started)"
                      + " VALUES(?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, service);
            s.setString(2, kind);
            s.setString(3, text(from));
            s.setString(4, text(to));
            s.setString(5, Instant.now().toString());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
              keys.next();
              return keys.getLong(1);
            }
          }
        });
  }

  void finish(long id, String outcome, String reason) throws IOException {
    database.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE service_history SET finished = ?, outcome = ?, reason = ? WHERE id = ?")) {
            s.setString(1, Instant.now().toString());
            s.setString(2, outcome);
            s.setString(3, reason);
            s.setLong(4, id);
            s.executeUpdate();
          }
          return null;
        });
  }

  List<HistoryEntry> history(String service, int limit) throws IOException {
    return database.read(
        c -> {
          List<HistoryEntry> entries = new ArrayList<>();
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT id, service, kind, from_digest, to_digest, started, finished, outcome, reason"
                      + " FROM service_history WHERE service = ? ORDER BY id DESC LIMIT ?")) {
            q.setString(1, service);
            q.setInt(2, limit);
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                entries.add(
                    new HistoryEntry(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        digest(rs.getString(4)),
                        digest(rs.getString(5)),
                        Instant.parse(rs.getString(6)),
                        rs.getString(7) == null ? null : Instant.parse(rs.getString(7)),
                        rs.getString(8),
                        rs.getString(9)));
              }
            }
          }
          return entries;
        });
  }

  private static ServiceState read(ResultSet rs) throws SQLException {
    try {
      List<Digest> bad =
          Json.lenient().readValue(rs.getString(5), STRINGS).stream().map(Digest::parse).toList();
      return new ServiceState(
          rs.getString(1),
          rs.getString(2),
          digest(rs.getString(3)),
          digest(rs.getString(4)),
          bad,
          rs.getInt(6) != 0,
          rs.getLong(7),
          rs.getInt(8),
          rs.getString(9) == null ? null : Instant.parse(rs.getString(9)));
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable state of service " + rs.getString(1), e);
    }
  }

  private static Digest digest(String text) {
    return text == null ? null : Digest.parse(text);
  }

  private static String text(Digest digest) {
    return digest == null ? null : digest.toString();
  }

  private static String json(Object value) throws SQLException {
    try {
      return Json.lenient().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException(e);
    }
  }
}
