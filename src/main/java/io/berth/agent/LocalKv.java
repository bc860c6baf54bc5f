package io.berth.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.ApiException;
import io.berth.api.Kv;
import io.berth.api.KvDeleted;
import io.berth.api.KvEntry;
import io.berth.api.KvEvent;
import io.berth.api.KvEventSink;
import io.berth.api.KvListing;
import io.berth.api.KvLoadResult;
import io.berth.api.KvTree;
import io.berth.kv.ConfigConflictException;
import io.berth.kv.ConfigEntry;
import io.berth.kv.ConfigEvent;
import io.berth.kv.ConfigException;
import io.berth.kv.ConfigListener;
import io.berth.kv.ConfigPath;
import io.berth.kv.ConfigStore;
import io.berth.kv.ConfigWatch;
import io.berth.kv.Listing;
import io.berth.kv.LoadResult;
import io.berth.kv.Secrets;
import io.berth.kv.Write;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The configuration store behind the API: {@link ConfigStore}'s operations, its records turned into
 * the API's, its failures into {@link ApiException}s (a bad path is a bad request, a missing key
 * not found, a failed compare-and-set a conflict, a store that fails unavailable).
 */
final class LocalKv implements Kv {
  private final ConfigStore store;

  LocalKv(ConfigStore store) {
    this.store = store;
  }

  @Override
  public KvEntry get(String key, boolean reveal) {
    return call(
        () ->
            store
                .get(key, reveal ? Secrets.REVEAL : Secrets.HIDE)
                .map(LocalKv::entry)
                .orElseThrow(() -> noKey(key)));
  }

  @Override
  public KvListing list(String directory) {
    return call(
        () -> {
          Listing listing = store.list(directory);
          return new KvListing(
              listing.directory().text(),
              listing.revision(),
              listing.keys().stream().map(LocalKv::entry).toList(),
              listing.directories().stream().map(ConfigPath::text).toList());
        });
  }

  @Override
  public KvTree tree(String directory, boolean reveal) {
    return call(
        () -> {
          long revision = store.revision();
          JsonNode tree = store.dumpJson(directory, reveal ? Secrets.REVEAL : Secrets.HIDE);
          return new KvTree(ConfigPath.directory(directory).text(), revision, tree);
        });
  }

  @Override
  public KvEntry put(String key, JsonNode value, boolean secret, Long cas) {
    Write write =
        new Write(secret, cas == null ? OptionalLong.empty() : OptionalLong.of(cas.longValue()));
    return call(() -> entry(store.put(key, value, write)));
  }

  @Override
  public KvDeleted delete(String key, Long cas) {
    return call(
        () -> {
          boolean deleted = cas == null ? store.delete(key) : store.delete(key, cas);
          if (!deleted) {
            throw noKey(key);
          }
          return new KvDeleted(key, 1, store.revision());
        });
  }

  @Override
  public KvDeleted deleteTree(String directory) {
    return call(
        () -> {
          long deleted = store.deleteTree(directory);
          return new KvDeleted(ConfigPath.directory(directory).text(), deleted, store.revision());
        });
  }

  @Override
  public String dumpDconf(String directory, boolean reveal) {
    return call(() -> store.dumpDconf(directory, reveal ? Secrets.REVEAL : Secrets.HIDE));
  }

  @Override
  public KvLoadResult loadDconf(String directory, String text) {
    return call(
        () -> {
          LoadResult result = store.loadDconf(ConfigPath.directory(directory).text(), text);
          return new KvLoadResult(
              result.written().stream().map(ConfigPath::text).toList(),
              result.keptSecrets().stream().map(ConfigPath::text).toList(),
              result.revision());
        });
  }

  @Override
  public void watch(String path, long since, KvEventSink sink) {
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    ConfigListener listener =
        new ConfigListener() {
          @Override
          public void onEvents(List<ConfigEvent> events) {
            queue.addAll(events);
          }

          @Override
          public void onFailed(ConfigException error) {
            queue.add(error);
          }
        };
    // 'since' is the last revision the caller has seen; the store watches from a revision on
    long from = since == 0 ? 0 : since + 1;
    ConfigWatch watch = call(() -> store.watch(path, from, listener));
    try {
      while (true) {
        Object next = queue.take();
        if (next instanceof ConfigException failure) {
          throw failure(failure);
        }
        if (!sink.event(event((ConfigEvent) next))) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          ApiException.Kind.UNAVAILABLE, "the watch of %s was interrupted".formatted(path), e);
    } finally {
      watch.close();
    }
  }

  private static KvEvent event(ConfigEvent event) {
    return switch (event) {
      case ConfigEvent.Changed changed ->
          new KvEvent(
              KvEvent.CHANGED, changed.path().text(), changed.revision(), entry(changed.entry()));
      case ConfigEvent.Deleted deleted ->
          new KvEvent(KvEvent.DELETED, deleted.path().text(), deleted.revision(), null);
    };
  }

  private static KvEntry entry(ConfigEntry entry) {
    return new KvEntry(
        entry.path().text(),
        entry.value(),
        entry.secret(),
        entry.hidden(),
        entry.createRevision(),
        entry.modRevision(),
        entry.version());
  }

  private static ApiException noKey(String key) {
    return ApiException.notFound("no key %s in the configuration store".formatted(key));
  }

  private static ApiException failure(ConfigException e) {
    if (e instanceof ConfigConflictException conflict) {
      String now =
          conflict.actualRevision() == 0
              ? "it does not exist"
              : "its current revision is " + conflict.actualRevision();
      String expected =
          conflict.expectedRevision() == 0
              ? "expected it not to exist"
              : "expected revision " + conflict.expectedRevision();
      return ApiException.conflict(
          "compare-and-set on %s failed: %s, %s; read it again and retry"
              .formatted(conflict.path(), now, expected));
    }
    return new ApiException(
        ApiException.Kind.UNAVAILABLE, "configuration store: " + e.getMessage(), e);
  }

  private static <T> T call(Operation<T> operation) {
    try {
      return operation.run();
    } catch (ConfigException e) {
      throw failure(e);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  @FunctionalInterface
  private interface Operation<T> {
    T run() throws ConfigException;
  }
}
