package io.berth.kv;

import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.spec.CoordSpec;
import io.berth.store.Database;
import io.berth.testing.TempDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The contract on the embedded store, in a fresh SQLite database. */
class EmbeddedConfigStoreTest extends ConfigStoreContract {
  private TempDirectory directory;
  private Database database;

  @Override
  KeyValueStore openStore() throws Exception {
    directory = TempDirectory.create("berth-kv-");
    database = Database.open(directory.resolve("berth.db"), List.of(KeyValueStores.SCHEMA));
    return KeyValueStores.embedded(database, CoordSpec.Embedded.DEFAULT);
  }

  @Override
  void release() {
    database.close();
    directory.close();
  }

  /** The database and its write-ahead log, history included, byte for byte. */
  @Override
  String rawBytesStored() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(directory.path())) {
      for (Path file : files.toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }
}
