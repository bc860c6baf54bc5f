package io.berth.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The agent's SQLite file. One connection, used under a lock: SQLite serialises writers anyway, and
 * a single connection keeps transactions simple. WAL mode lets a second process (a CLI running
 * without an agent) read and write beside it; a busy timeout makes it wait instead of failing, and
 * transactions begin IMMEDIATE so that the wait covers them whole.
 */
public final class Database implements AutoCloseable {
  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private Database(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating when absent) the database file and applies the schemas given. */
  public static Database open(Path file, List<Schema> schemas) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    SqliteNative.prepare(file.toAbsolutePath().getParent());
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(30_000);
    // A deferred transaction that reads, then writes after another connection to the file wrote
    // (the API tokens beside the embedded store, a CLI beside the agent) fails at once with
    // SQLITE_BUSY_SNAPSHOT; taking the write lock at BEGIN makes it wait its turn instead.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    try {
      Connection connection =
          DriverManager.getConnection(
              "jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
      Database database = new Database(file, connection);
      database.migrate(schemas);
      return database;
    } catch (SQLException e) {
      throw new IOException("cannot open the state database " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Runs {@code work} in one transaction; it commits when work returns, rolls back on throw. */
  public <T> T transaction(Work<T> work) throws IOException {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | IOException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IOException("state database " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} outside an explicit transaction (reads, single statements). */
  public <T> T read(Work<T> work) throws IOException {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new IOException("state database " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void migrate(List<Schema> schemas) throws IOException {
    transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS schema_versions"
                    + " (name TEXT PRIMARY KEY, version INTEGER NOT NULL)");
          }
          for (Schema schema : schemas) {
            schema.apply(c);
          }
          return null;
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      // closing a read-only or already-closed connection: nothing to keep
    } finally {
      lock.unlock();
    }
  }

  /** Work against the connection; may throw SQL and I/O errors. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException, IOException;
  }
}
