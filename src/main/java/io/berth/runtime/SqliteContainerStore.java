package io.berth.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.spec.ContainerSpec;
import io.berth.spec.Digest;
import io.berth.spec.Json;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ContainerStore} in the agent's SQLite database; the spec is kept as JSON. */
final class SqliteContainerStore implements ContainerStore {
  static final Schema SCHEMA =
      Schema.of(
          "containers",
          """
          CREATE TABLE containers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            spec TEXT NOT NULL,
            image_ref TEXT NOT NULL,
            image_digest TEXT NOT NULL,
            args TEXT NOT NULL,
            state TEXT NOT NULL,
            pid INTEGER NOT NULL,
            exit_code INTEGER,
            exit_signal TEXT,
            created TEXT NOT NULL,
            started TEXT,
            finished TEXT,
            supervisor TEXT
          );
          CREATE INDEX containers_image ON containers(image_digest)
          """);

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, name, spec, image_ref, image_digest, args, state, pid, exit_code, exit_signal, created,"
          + " started, finished, supervisor";
  private final Database database;

  SqliteContainerStore(Database database) {
    this.database = database;
  }

  @Override
  public void add(ContainerRecord c) throws IOException {
    database.transaction(
        conn -> {
          try (PreparedStatement q =
              conn.prepareStatement("SELECT id FROM containers WHERE name = ?")) {
            q.setString(1, c.name());
            try (ResultSet rs = q.executeQuery()) {
              if (rs.next()) {
                throw new NameInUseException(
                    "the name '%s' is in use by container %s; remove it or choose another name"
                        .formatted(c.name(), rs.getString(1).substring(0, 12)));
              }
            }
          }
          try (PreparedStatement s =
              conn.prepareStatement(
                  "INSERT INTO containers("
                      + COLUMNS
                      + ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(s, c);
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void update(ContainerRecord c) throws IOException {
    database.transaction(
        conn -> {
          try (PreparedStatement s =
              conn.prepareStatement(
                  "UPDATE containers SET id = ?, name = ?, spec = ?, image_ref = ?, image_digest = ?,"
                      + " args = ?, state = ?, pid = ?, exit_code = ?, exit_signal = ?, created = ?,"
                      + " started = ?, finished = ?, supervisor = ? WHERE id = ?")) {
            bind(s, c);
            s.setString(15, c.id());
            s.executeUpdate();
          }
          return null;
        });
  }

  private static void bind(PreparedStatement s, ContainerRecord c) throws SQLException {
    s.setString(1, c.id());
    s.setString(2, c.name());
    s.setString(3, json(c.spec()));
    s.setString(4, c.imageRef());
    s.setString(5, c.imageDigest().toString());
    s.setString(6, json(c.args()));
    s.setString(7, c.state().name());
    s.setInt(8, c.pid());
    if (c.exitCode() == null) {
      s.setNull(9, Types.INTEGER);
    } else {
      s.setInt(9, c.exitCode());
    }
    s.setString(10, c.exitSignal());
    s.setString(11, c.created().toString());
    s.setString(12, c.started() == null ? null : c.started().toString());
    s.setString(13, c.finished() == null ? null : c.finished().toString());
    s.setString(14, c.supervisor());
  }

  private static String json(Object value) throws SQLException {
    try {
      return Json.lenient().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  @Override
  public void remove(String id) throws IOException {
    database.transaction(
        conn -> {
          try (PreparedStatement s = conn.prepareStatement("DELETE FROM containers WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<ContainerRecord> get(String id) throws IOException {
    return database.read(c -> query(c, "WHERE id = ?", id).stream().findFirst());
  }

  @Override
  public List<ContainerRecord> find(String idOrName) throws IOException {
    return database.read(
        c -> {
          List<ContainerRecord> exact = query(c, "WHERE id = ? OR name = ?", idOrName, idOrName);
          if (!exact.isEmpty() || !idOrName.matches("[0-9a-f]{1,63}")) {
            return exact;
          }
          return query(c, "WHERE id LIKE ?", idOrName + "%");
        });
  }

  @Override
  public List<ContainerRecord> list() throws IOException {
    return database.read(c -> query(c, "ORDER BY created DESC"));
  }

  @Override
  public boolean usesImage(String manifestDigest) throws IOException {
    return database.read(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement("SELECT 1 FROM containers WHERE image_digest = ? LIMIT 1")) {
            q.setString(1, manifestDigest);
            try (ResultSet rs = q.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  private static List<ContainerRecord> query(Connection c, String where, String... params)
      throws SQLException {
    List<ContainerRecord> found = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement("SELECT " + COLUMNS + " FROM containers " + where)) {
      for (int i = 0; i < params.length; i++) {
        q.setString(i + 1, params[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          found.add(read(rs));
        }
      }
    }
    return found;
  }

  private static ContainerRecord read(ResultSet rs) throws SQLException {
    try {
      int exit = rs.getInt(9);
      Integer exitCode = rs.wasNull() ? null : exit;
      return new ContainerRecord(
          rs.getString(1),
          rs.getString(2),
          Json.lenient().readValue(rs.getString(3), ContainerSpec.class),
          rs.getString(4),
          Digest.parse(rs.getString(5)),
          Json.lenient().readValue(rs.getString(6), STRINGS),
          ContainerState.valueOf(rs.getString(7)),
          rs.getInt(8),
          exitCode,
          rs.getString(10),
          Instant.parse(rs.getString(11)),
          rs.getString(12) == null ? null : Instant.parse(rs.getString(12)),
          rs.getString(13) == null ? null : Instant.parse(rs.getString(13)),
          rs.getString(14));
    } catch (IOException e) {
      throw new SQLException(
          "unreadable container record " + rs.getString(1) + ": " + e.getMessage(), e);
    }
  }
}
