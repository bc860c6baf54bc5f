package io.berth.discovery;

import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.spec.CoordSpec;
import io.berth.store.Database;
import io.berth.testing.TempDirectory;
import java.util.List;

/** The registry contract, on the embedded store in a fresh SQLite database. */
class EmbeddedRegistryTest extends RegistryContract {
  private TempDirectory directory;
  private Database database;

  @Override
  KeyValueStore open() throws Exception {
    directory = TempDirectory.create("berth-discovery-");
    database = Database.open(directory.resolve("berth.db"), List.of(KeyValueStores.SCHEMA));
    return KeyValueStores.embedded(database, CoordSpec.Embedded.DEFAULT);
  }

  @Override
  void release() {
    database.close();
    directory.close();
  }
}
