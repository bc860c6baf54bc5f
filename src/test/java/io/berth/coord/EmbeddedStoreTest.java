package io.berth.coord;

import io.berth.spec.CoordSpec;
import io.berth.store.Database;
import io.berth.testing.TempDirectory;
import java.util.List;

/** The contract, on the embedded store in a fresh SQLite database. */
class EmbeddedStoreTest extends KeyValueStoreContract {
  private TempDirectory directory;
  private Database database;

  @Override
  KeyValueStore open() throws Exception {
    directory = TempDirectory.create("berth-coord-");
    database = Database.open(directory.resolve("berth.db"), List.of(KeyValueStores.SCHEMA));
    return KeyValueStores.embedded(database, CoordSpec.Embedded.DEFAULT);
  }

  @Override
  void release() {
    database.close();
    directory.close();
  }
}
