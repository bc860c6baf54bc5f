package io.berth.auth;

import io.berth.spec.KvAccess;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in the agent's database. A token is {@code berth_} and 256 random bits; only its
 * SHA-256 is stored (a random token needs no slow hash: there is nothing to guess from), so a copy
 * of the database lets no one in. Revoking deletes the row, and the next request with it fails.
 */
public final class ApiTokens implements AutoCloseable {
  /** Every API token starts with this, so a token is told from a JWT at a glance. */
  public static final String PREFIX = "berth_";

  static final Schema SCHEMA =
      Schema.of(
          "api_tokens",
          """
          CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            created INTEGER NOT NULL,
            expires INTEGER,
            last_used INTEGER
          )
          """,
          """
          ALTER TABLE api_tokens ADD COLUMN kv_prefix TEXT;
          ALTER TABLE api_tokens ADD COLUMN kv_secrets INTEGER NOT NULL DEFAULT 0
          """);

  private static final SecureRandom RANDOM = new SecureRandom();
  // Writing last_used on every request would make each one a write; once a minute is enough.
  private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private final Database database;
  private final InstantSource clock;

  private ApiTokens(Database database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The tokens in the database file {@code file} (the agent's {@code berth.db}). */
  public static ApiTokens open(Path file) throws IOException {
    return open(file, InstantSource.system());
  }

  static ApiTokens open(Path file, InstantSource clock) throws IOException {
    return new ApiTokens(Database.open(file, List.of(SCHEMA)), clock);
  }

  /** Makes a token for {@code role}, valid for {@code lifetime} (null: until revoked). */
  public ApiToken.Created create(String role, String name, Duration lifetime) throws IOException {
    return create(role, name, lifetime, null, false);
  }

  /**
   * Makes a token for {@code role}, valid for {@code lifetime} (null: until revoked), that reaches
   * only the configuration store under {@code kvPrefix} (null: the whole API) and reveals its
   * secrets if {@code kvSecrets}.
   */
  public ApiToken.Created create(
      String role, String name, Duration lifetime, String kvPrefix, boolean kvSecrets)
      throws IOException {
    if (!role.equals("read") && !role.equals("admin")) {
      throw new IllegalArgumentException("a token's role is read or admin, got '" + role + "'");
    }
    String prefix = kvPrefix == null ? null : KvAccess.prefix(kvPrefix);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ApiToken token =
        new ApiToken(
            HexFormat.of().formatHex(idBytes),
            name == null ? "" : name,
            role,
            now,
            lifetime == null ? null : now.plus(lifetime),
            null,
            prefix,
            kvSecrets);
    database.transaction(
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO api_tokens(id, hash, name, role, created, expires, kv_prefix,"
                      + " kv_secrets) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, token.id());
            insert.setString(2, hash(secret));
            insert.setString(3, token.name());
            insert.setString(4, token.role());
            insert.setLong(5, token.created().getEpochSecond());
            if (token.expires() == null) {
              insert.setNull(6, java.sql.Types.INTEGER);
            } else {
              insert.setLong(6, token.expires().getEpochSecond());
            }
            insert.setString(7, token.kvPrefix());
            insert.setInt(8, token.kvSecrets() ? 1 : 0);
            insert.executeUpdate();
          }
          return null;
        });
    return new ApiToken.Created(token, secret);
  }

  /** Every token, oldest first. */
  public List<ApiToken> list() throws IOException {
    return database.read(
        c -> {
          List<ApiToken> tokens = new ArrayList<>();
          try (PreparedStatement query =
                  c.prepareStatement("SELECT * FROM api_tokens ORDER BY created, id");
              ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              tokens.add(token(rs));
            }
          }
          return tokens;
        });
  }

  /** Deletes the token {@code id}; false when there is none. */
  public boolean revoke(String id) throws IOException {
    return database.transaction(
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM api_tokens WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() > 0;
          }
        });
  }

  /**
   * The token whose secret is {@code secret}, noting its use; empty when there is none. An expired
   * token is returned too: the caller says why it is refused.
   */
  public Optional<ApiToken> find(String secret) throws IOException {
    String hash = hash(secret);
    Instant now = clock.instant();
    return database.transaction(
        c -> {
          ApiToken token;
          try (PreparedStatement query =
              c.prepareStatement("SELECT * FROM api_tokens WHERE hash = ?")) {
            query.setString(1, hash);
            try (ResultSet rs = query.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              token = token(rs);
            }
          }
          if (!token.expiredAt(now)
              && (token.lastUsed() == null
                  || token.lastUsed().plus(LAST_USED_PRECISION).isBefore(now))) {
            try (PreparedStatement update =
                c.prepareStatement("UPDATE api_tokens SET last_used = ? WHERE id = ?")) {
              update.setLong(1, now.getEpochSecond());
              update.setString(2, token.id());
              update.executeUpdate();
            }
          }
          return Optional.of(token);
        });
  }

  private static ApiToken token(ResultSet rs) throws SQLException {
    return new ApiToken(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("role"),
        Instant.ofEpochSecond(rs.getLong("created")),
        instant(rs, "expires"),
        instant(rs, "last_used"),
        rs.getString("kv_prefix"),
        rs.getInt("kv_secrets") != 0);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long seconds = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochSecond(seconds);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    database.close();
  }
}
