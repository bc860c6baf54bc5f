package io.berth.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.coord.CompareFailedException;
import io.berth.coord.CoordException;
import io.berth.coord.KeyValue;
import io.berth.coord.KeyValueStore;
import io.berth.coord.Keys;
import io.berth.coord.PutOptions;
import io.berth.coord.Range;
import io.berth.coord.Watch;
import io.berth.coord.WatchEvent;
import io.berth.coord.WatchListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configuration store on a {@link KeyValueStore}: config path {@code /a/b} is the store's key
 * {@code NAMESPACE/a/b}, its value a {@link StoredValue}.
 */
final class RevisionedConfigStore implements ConfigStore {
  /** Writes retried when another writer changed the key between our read and our write. */
  private static final int MAX_ATTEMPTS = 100;

  private final KeyValueStore store;
  private final String namespace;
  private final SecretKeyFile keyFile;

  RevisionedConfigStore(KeyValueStore store, String namespace, SecretKeyFile keyFile) {
    this.store = Objects.requireNonNull(store, "store");
    this.namespace = namespace;
    this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
  }

  @Override
  public long revision() throws ConfigException {
    try {
      return store.revision();
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  @Override
  public Optional<ConfigEntry> get(String key, Secrets secrets) throws ConfigException {
    ConfigPath path = ConfigPath.key(key);
    try {
      Optional<KeyValue> found = store.get(storeKey(path));
      return found.isEmpty() ? Optional.empty() : Optional.of(entry(path, found.get(), secrets));
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  @Override
  public ConfigEntry put(String key, JsonNode value, Write write) throws ConfigException {
    ConfigPath path = ConfigPath.key(key);
    Objects.requireNonNull(value, "value");
    try {
      for (int attempt = 1; ; attempt++) {
        Optional<KeyValue> current = store.get(storeKey(path));
        long currentRevision = current.map(KeyValue::modRevision).orElse(0L);
        if (write.ifRevision().isPresent() && write.ifRevision().getAsLong() != currentRevision) {
          throw new ConfigConflictException(path, write.ifRevision().getAsLong(), currentRevision);
        }
        // a secret stays secret: a plain write over it must not store it in the clear
        boolean secret =
            write.secret()
                || (current.isPresent()
                    && StoredValue.decode(path, current.get().value())
                        instanceof StoredValue.Secret);
        byte[] bytes = encode(path, value, secret);
        try {
          KeyValue stored =
              store.put(storeKey(path), bytes, PutOptions.ifModRevision(currentRevision));
          return new ConfigEntry(
              path,
              secret ? ConfigEntry.HIDDEN_VALUE : value.deepCopy(),
              secret,
              secret,
              stored.createRevision(),
              stored.modRevision(),
              stored.version());
        } catch (CompareFailedException e) {
          if (write.ifRevision().isPresent()) {
            throw new ConfigConflictException(
                path, write.ifRevision().getAsLong(), e.actualModRevision());
          }
          if (attempt == MAX_ATTEMPTS) {
            throw new ConfigException(
                "%s: changed by others %d times while being written; try again"
                    .formatted(path, MAX_ATTEMPTS),
                e);
          }
        }
      }
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  @Override
  public boolean delete(String key) throws ConfigException {
    ConfigPath path = ConfigPath.key(key);
    try {
      return store.delete(storeKey(path));
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  @Override
  public boolean delete(String key, long ifRevision) throws ConfigException {
    ConfigPath path = ConfigPath.key(key);
    try {
      return store.delete(storeKey(path), ifRevision);
    } catch (CompareFailedException e) {
      throw new ConfigConflictException(path, ifRevision, e.actualModRevision());
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  @Override
  public long deleteTree(String directory) throws ConfigException {
    ConfigPath path = ConfigPath.directory(directory);
    try {
      return store.deletePrefix(storeKey(path));
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  @Override
  public Listing list(String directory) throws ConfigException {
    ConfigPath dir = ConfigPath.directory(directory);
    Range range = range(dir);
    List<ConfigEntry> keys = new ArrayList<>();
    TreeSet<ConfigPath> directories = new TreeSet<>();
    for (KeyValue kv : range.entries()) {
      ConfigPath path = configPath(kv.key());
      String relative = path.relativeTo(dir);
      int slash = relative.indexOf('/');
      if (slash < 0) {
        keys.add(entry(path, kv, Secrets.HIDE));
      } else {
        directories.add(dir.resolve(relative.substring(0, slash + 1)));
      }
    }
    return new Listing(dir, range.revision(), keys, List.copyOf(directories));
  }

  @Override
  public ObjectNode dumpJson(String directory, Secrets secrets) throws ConfigException {
    ConfigPath dir = ConfigPath.directory(directory);
    ObjectNode root = StoredValue.JSON.createObjectNode();
    for (Map.Entry<ConfigPath, JsonNode> entry : values(dir, secrets).entrySet()) {
      ObjectNode node = root;
      for (ConfigPath parent : entry.getKey().directoriesBelow(dir)) {
        String name = parent.name() + "/";
        node = node.has(name) ? (ObjectNode) node.get(name) : node.putObject(name);
      }
      node.set(entry.getKey().name(), entry.getValue());
    }
    return root;
  }

  @Override
  public String dumpDconf(String directory, Secrets secrets) throws ConfigException {
    ConfigPath dir = ConfigPath.directory(directory);
    return DconfFormat.write(dir, values(dir, secrets));
  }

  @Override
  public LoadResult loadDconf(String directory, String text) throws ConfigException {
    ConfigPath dir = ConfigPath.directory(directory);
    List<DconfFormat.Assignment> assignments = DconfFormat.parse(dir, text);
    List<ConfigPath> written = new ArrayList<>();
    List<ConfigPath> kept = new ArrayList<>();
    long revision = 0;
    for (DconfFormat.Assignment assignment : assignments) {
      if (ConfigEntry.HIDDEN_VALUE.equals(assignment.value())) {
        Optional<ConfigEntry> current = get(assignment.path().text(), Secrets.HIDE);
        if (current.isPresent() && current.get().secret()) {
          kept.add(assignment.path());
          continue;
        }
      }
      ConfigEntry entry = put(assignment.path().text(), assignment.value(), Write.PLAIN);
      written.add(entry.path());
      revision = entry.modRevision();
    }
    return new LoadResult(written, kept, revision == 0 ? revision() : revision);
  }

  @Override
  public ConfigWatch watch(String keyOrDirectory, long fromRevision, ConfigListener listener)
      throws ConfigException {
    ConfigPath path = ConfigPath.of(keyOrDirectory);
    Keys keys = path.isDirectory() ? Keys.prefix(storeKey(path)) : Keys.exact(storeKey(path));
    AtomicReference<Watch> watch = new AtomicReference<>();
    WatchListener adapter =
        new WatchListener() {
          @Override
          public void onEvents(List<WatchEvent> events) {
            List<ConfigEvent> changes = new ArrayList<>(events.size());
            try {
              for (WatchEvent event : events) {
                ConfigPath changed = configPath(event.key());
                changes.add(
                    switch (event) {
                      case WatchEvent.Put put ->
                          new ConfigEvent.Changed(entry(changed, put.entry(), Secrets.HIDE));
                      case WatchEvent.Delete delete ->
                          new ConfigEvent.Deleted(changed, delete.revision());
                    });
              }
            } catch (ConfigException e) {
              listener.onFailed(e);
              Watch w = watch.get();
              if (w != null) {
                w.close();
              }
              return;
            }
            listener.onEvents(changes);
          }

          @Override
          public void onFailed(CoordException error) {
            listener.onFailed(wrap(error));
          }
        };
    try {
      Watch started = store.watch(keys, fromRevision, adapter);
      watch.set(started);
      return new ConfigWatch() {
        @Override
        public ConfigPath path() {
          return path;
        }

        @Override
        public void close() {
          started.close();
        }
      };
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  private Range range(ConfigPath directory) throws ConfigException {
    try {
      return store.range(storeKey(directory));
    } catch (CoordException e) {
      throw wrap(e);
    }
  }

  /** Every key below {@code directory} with its value, in key order. */
  private Map<ConfigPath, JsonNode> values(ConfigPath directory, Secrets secrets)
      throws ConfigException {
    Map<ConfigPath, JsonNode> values = new LinkedHashMap<>();
    for (KeyValue kv : range(directory).entries()) {
      ConfigPath path = configPath(kv.key());
      values.put(path, entry(path, kv, secrets).value());
    }
    return values;
  }

  private ConfigEntry entry(ConfigPath path, KeyValue kv, Secrets secrets) throws ConfigException {
    JsonNode value;
    boolean secret;
    boolean hidden;
    switch (StoredValue.decode(path, kv.value())) {
      case StoredValue.Plain plain -> {
        value = plain.value();
        secret = false;
        hidden = false;
      }
      case StoredValue.Secret sealed -> {
        secret = true;
        hidden = secrets == Secrets.HIDE;
        value = hidden ? ConfigEntry.HIDDEN_VALUE : decrypt(path, sealed);
      }
    }
    return new ConfigEntry(
        path, value, secret, hidden, kv.createRevision(), kv.modRevision(), kv.version());
  }

  private JsonNode decrypt(ConfigPath path, StoredValue.Secret sealed) throws ConfigException {
    byte[] plaintext = keyFile.box().open(path, sealed.sealed());
    try {
      return StoredValue.JSON.readTree(plaintext);
    } catch (IOException e) {
      throw new ConfigException(path + ": the decrypted secret is not JSON");
    }
  }

  private byte[] encode(ConfigPath path, JsonNode value, boolean secret) throws ConfigException {
    if (!secret) {
      return StoredValue.encode(new StoredValue.Plain(value));
    }
    byte[] plaintext;
    try {
      plaintext = StoredValue.JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return StoredValue.encode(new StoredValue.Secret(keyFile.box().seal(path, plaintext)));
  }

  private String storeKey(ConfigPath path) {
    return namespace + path.text();
  }

  private ConfigPath configPath(String storeKey) {
    return ConfigPath.of(storeKey.substring(namespace.length()));
  }

  private static ConfigException wrap(CoordException e) {
    return new ConfigException(e.getMessage(), e);
  }
}
