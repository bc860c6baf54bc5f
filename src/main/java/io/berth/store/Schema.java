package io.berth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of one feature, as an ordered list of migrations. Each feature owns its schema, so
 * stores stay independent; the database records how far each schema has been applied.
 *
 * @param name the feature, such as {@code images}
 * @param migrations SQL scripts, applied in order; never edit one that has shipped, append
 */
public record Schema(String name, List<String> migrations) {
  public Schema {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("schema without a name");
    }
    migrations = List.copyOf(migrations);
  }

  public static Schema of(String name, String... migrations) {
    return new Schema(name, List.of(migrations));
  }

  void apply(Connection c) throws SQLException {
    int applied = 0;
    try (PreparedStatement q =
        c.prepareStatement("SELECT version FROM schema_versions WHERE name = ?")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          applied = rs.getInt(1);
        }
      }
    }
    if (applied > migrations.size()) {
      throw new SQLException(
          "schema '%s' is at version %d, newer than this berth knows (%d): was the database written by a newer berth?"
              .formatted(name, applied, migrations.size()));
    }
    for (int i = applied; i < migrations.size(); i++) {
      try (Statement s = c.createStatement()) {
        for (String statement : migrations.get(i).split(";\\s*\\n")) {
          if (!statement.isBlank()) {
            s.execute(statement);
          }
        }
      }
    }
    if (applied < migrations.size()) {
      try (PreparedStatement u =
          c.prepareStatement(
              "INSERT INTO schema_versions(name, version) VALUES(?, ?)"
                  + " ON CONFLICT(name) DO UPDATE SET version = excluded.version")) {
        u.setString(1, name);
        u.setInt(2, migrations.size());
        u.executeUpdate();
      }
    }
  }
}
