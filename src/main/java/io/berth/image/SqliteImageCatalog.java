package io.berth.image;

import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link ImageCatalog} in the agent's SQLite database. */
final class SqliteImageCatalog implements ImageCatalog {
  static final Schema SCHEMA =
      Schema.of(
          "images",
          """
          CREATE TABLE images (
            manifest_digest TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            config_digest TEXT NOT NULL,
            index_digest TEXT,
            platform TEXT NOT NULL,
            size INTEGER NOT NULL,
            created TEXT,
            pulled TEXT NOT NULL
          );
          CREATE TABLE image_layers (
            manifest_digest TEXT NOT NULL REFERENCES images(manifest_digest) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            blob_digest TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            diff_id TEXT NOT NULL,
            chain_id TEXT NOT NULL,
            PRIMARY KEY (manifest_digest, position)
          );
          CREATE INDEX image_layers_chain ON image_layers(chain_id);
          CREATE TABLE image_refs (
            ref TEXT PRIMARY KEY,
            manifest_digest TEXT NOT NULL REFERENCES images(manifest_digest) ON DELETE CASCADE,
            updated TEXT NOT NULL
          );
          CREATE INDEX image_refs_manifest ON image_refs(manifest_digest)
          """);

  private final Database database;

  SqliteImageCatalog(Database database) {
    this.database = database;
  }

  @Override
  public Optional<Digest> put(Image image, ImageRef ref) throws IOException {
    return database.transaction(
        c -> {
          upsertImage(c, image);
          Optional<Digest> previous = refTarget(c, ref);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO image_refs(ref, manifest_digest, updated) VALUES(?, ?, ?)"
                      + " ON CONFLICT(ref) DO UPDATE SET manifest_digest = excluded.manifest_digest,"
                      + " updated = excluded.updated")) {
            s.setString(1, ref.toString());
            s.setString(2, image.manifestDigest().toString());
            s.setString(3, Instant.now().toString());
            s.executeUpdate();
          }
          return previous;
        });
  }

  private static void upsertImage(Connection c, Image image) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO images(manifest_digest, media_type, config_digest, index_digest, platform,"
                + " size, created, pulled) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT(manifest_digest) DO UPDATE SET"
                + " index_digest = COALESCE(excluded.index_digest, images.index_digest),"
                + " pulled = excluded.pulled")) {
      s.setString(1, image.manifestDigest().toString());
      s.setString(2, image.mediaType());
      s.setString(3, image.configDigest().toString());
      s.setString(4, image.indexDigest() == null ? null : image.indexDigest().toString());
      s.setString(5, image.platform().toString());
      s.setLong(6, image.size());
      s.setString(7, image.created() == null ? null : image.created().toString());
      s.setString(8, image.pulled().toString());
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR IGNORE INTO image_layers(manifest_digest, position, blob_digest, media_type,"
                + " size, diff_id, chain_id) VALUES(?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (Image.Layer layer : image.layers()) {
        s.setString(1, image.manifestDigest().toString());
        s.setInt(2, position++);
        s.setString(3, layer.blob().toString());
        s.setString(4, layer.mediaType());
        s.setLong(5, layer.size());
        s.setString(6, layer.diffId().toString());
        s.setString(7, layer.chainId().toString());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static Optional<Digest> refTarget(Connection c, ImageRef ref) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT manifest_digest FROM image_refs WHERE ref = ?")) {
      q.setString(1, ref.toString());
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(Digest.parse(rs.getString(1))) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<Image> byRef(ImageRef ref) throws IOException {
    return database.read(
        c -> {
          Optional<Digest> target = refTarget(c, ref);
          if (target.isPresent()) {
            return load(c, "WHERE i.manifest_digest = ?", target.get().toString()).stream()
                .findFirst();
          }
          if (ref.digest() != null) {
            // name@digest: the digest may be the index's or the manifest's
            String d = ref.digest().toString();
            return load(c, "WHERE i.manifest_digest = ? OR i.index_digest = ?", d, d).stream()
                .filter(i -> i.refs().stream().anyMatch(r -> r.name().equals(ref.name())))
                .findFirst();
          }
          return Optional.empty();
        });
  }

  @Override
  public Optional<Image> byManifest(Digest manifestDigest) throws IOException {
    return database.read(
        c ->
            load(c, "WHERE i.manifest_digest = ?", manifestDigest.toString()).stream().findFirst());
  }

  @Override
  public List<Image> byDigestPrefix(String hexPrefix) throws IOException {
    String like = "sha256:" + hexPrefix.replace("%", "").replace("_", "") + "%";
    return database.read(
        c ->
            load(
                c,
                "WHERE i.manifest_digest LIKE ? OR i.index_digest LIKE ? OR i.config_digest LIKE ?",
                like,
                like,
                like));
  }

  @Override
  public List<Image> list() throws IOException {
    return database.read(c -> load(c, ""));
  }

  private static List<Image> load(Connection c, String where, String... params)
      throws SQLException {
    Map<String, Image> images = new LinkedHashMap<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT i.manifest_digest, i.media_type, i.config_digest, i.index_digest, i.platform,"
                + " i.size, i.created, i.pulled FROM images i "
                + where
                + " ORDER BY i.pulled DESC")) {
      for (int i = 0; i < params.length; i++) {
        q.setString(i + 1, params[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          images.put(
              id,
              new Image(
                  Digest.parse(id),
                  rs.getString(2),
                  Digest.parse(rs.getString(3)),
                  rs.getString(4) == null ? null : Digest.parse(rs.getString(4)),
                  Platform.parse(rs.getString(5)),
                  rs.getLong(6),
                  rs.getString(7) == null ? null : Instant.parse(rs.getString(7)),
                  Instant.parse(rs.getString(8)),
                  layers(c, id),
                  refs(c, id)));
        }
      }
    }
    return new ArrayList<>(images.values());
  }

  private static List<Image.Layer> layers(Connection c, String id) throws SQLException {
    List<Image.Layer> layers = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT blob_digest, media_type, size, diff_id, chain_id FROM image_layers"
                + " WHERE manifest_digest = ? ORDER BY position")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          layers.add(
              new Image.Layer(
                  Digest.parse(rs.getString(1)),
                  rs.getString(2),
                  rs.getLong(3),
                  Digest.parse(rs.getString(4)),
                  Digest.parse(rs.getString(5))));
        }
      }
    }
    return layers;
  }

  private static List<ImageRef> refs(Connection c, String id) throws SQLException {
    List<ImageRef> refs = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement("SELECT ref FROM image_refs WHERE manifest_digest = ? ORDER BY ref")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          refs.add(ImageRef.parse(rs.getString(1)));
        }
      }
    }
    return refs;
  }

  @Override
  public boolean removeRef(ImageRef ref) throws IOException {
    return database.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM image_refs WHERE ref = ?")) {
            s.setString(1, ref.toString());
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public void remove(Digest manifestDigest) throws IOException {
    database.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM images WHERE manifest_digest = ?")) {
            s.setString(1, manifestDigest.toString());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Set<Digest> blobsInUse() throws IOException {
    return database.read(
        c -> {
          Set<Digest> used = new HashSet<>();
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT manifest_digest FROM images UNION SELECT config_digest FROM images"
                          + " UNION SELECT index_digest FROM images WHERE index_digest IS NOT NULL"
                          + " UNION SELECT blob_digest FROM image_layers")) {
            while (rs.next()) {
              used.add(Digest.parse(rs.getString(1)));
            }
          }
          return used;
        });
  }

  @Override
  public Set<Digest> snapshotsInUse() throws IOException {
    return database.read(
        c -> {
          Set<Digest> used = new HashSet<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT DISTINCT chain_id FROM image_layers")) {
            while (rs.next()) {
              used.add(Digest.parse(rs.getString(1)));
            }
          }
          return used;
        });
  }
}
