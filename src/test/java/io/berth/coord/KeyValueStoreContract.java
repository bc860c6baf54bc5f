package io.berth.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link KeyValueStore} does, embedded or etcd: each scenario runs against both, on an
 * empty keyspace of its own, and revisions are only compared with each other (an etcd cluster's
 * revision is shared with whoever else writes to it).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class KeyValueStoreContract {
  protected KeyValueStore store;
  private final List<Watch> watches = new ArrayList<>();

  /** A store on an empty keyspace. */
  abstract KeyValueStore open() throws Exception;

  /** Releases what {@link #open} needed besides the store, after the store is closed. */
  void release() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    store = open();
  }

  @AfterEach
  void closeStore() throws Exception {
    watches.forEach(Watch::close);
    store.close();
    release();
  }

  private Recorder watch(Keys keys, long from) throws CoordException {
    Recorder recorder = new Recorder();
    watches.add(store.watch(keys, from, recorder));
    return recorder;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // --- get, put, revisions

  @Test
  void put_newKey_isVersionOneCreatedAndModifiedAtTheNewRevision() throws Exception {
    long before = store.revision();

    KeyValue written = store.put("/a", "1");

    assertThat(written.modRevision()).isEqualTo(before + 1);
    assertThat(written.createRevision()).isEqualTo(written.modRevision());
    assertThat(written.version()).isEqualTo(1);
    assertThat(written.lease()).isZero();
    assertThat(store.revision()).isEqualTo(written.modRevision());
    assertThat(store.get("/a")).contains(written);
  }

  @Test
  void put_existingKey_keepsItsCreateRevisionAndCountsVersions() throws Exception {
    KeyValue first = store.put("/a", "1");

    KeyValue second = store.put("/a", "2");
    KeyValue third = store.put("/a", "3");

    assertThat(second.modRevision()).isEqualTo(first.modRevision() + 1);
    assertThat(third.modRevision()).isEqualTo(second.modRevision() + 1);
    assertThat(third.createRevision()).isEqualTo(first.createRevision());
    assertThat(third.version()).isEqualTo(3);
    assertThat(store.get("/a").orElseThrow().text()).isEqualTo("3");
    assertThat(store.get("/a")).contains(third);
  }

  @Test
  void get_absentKey_isEmpty() throws Exception {
    assertThat(store.get("/nothing")).isEmpty();
  }

  @Test
  void put_afterDelete_startsAgainAtVersionOne() throws Exception {
    store.put("/a", "1");
    store.put("/a", "2");
    store.delete("/a");

    KeyValue again = store.put("/a", "3");

    assertThat(again.version()).isEqualTo(1);
    assertThat(again.createRevision()).isEqualTo(again.modRevision());
  }

  @Test
  void put_emptyValue_isStoredAsEmpty() throws Exception {
    store.put("/empty", new byte[0]);

    assertThat(store.get("/empty").orElseThrow().value()).isEmpty();
  }

  @Test
  void put_largestValue_roundTrips() throws Exception {
    byte[] value = new byte[KeyValueStore.MAX_VALUE_BYTES];
    new Random(42).nextBytes(value);
    Recorder recorder = watch(Keys.exact("/large"), 0);

    store.put("/large", value);

    assertThat(store.get("/large").orElseThrow().value()).isEqualTo(value);
    WatchEvent.Put event = (WatchEvent.Put) recorder.awaitEvents(1).getFirst();
    assertThat(event.entry().value()).isEqualTo(value);
  }

  @Test
  void put_valueOverTheLimit_isRefusedBeforeReachingTheStore() throws Exception {
    long before = store.revision();

    assertThatThrownBy(() -> store.put("/large", new byte[KeyValueStore.MAX_VALUE_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/large");
    assertThat(store.revision()).isEqualTo(before);
  }

  @Test
  void put_invalidKeys_areRefused() {
    assertThatThrownBy(() -> store.put("relative", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'relative'");
    assertThatThrownBy(() -> store.put("/lone\uD800surrogate", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("surrogate");
    assertThatThrownBy(() -> store.put("/" + "k".repeat(Keys.MAX_KEY_BYTES), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void unicodeKeys_roundTripAndSortByTheirUtf8Bytes() throws Exception {
    // byte order: z < é < 日 < Ａ (U+FF21) < 😀 (U+1F600); String.compareTo puts 😀 before Ａ
    List<String> keys = List.of("/u/😀", "/u/Ａ", "/u/日本", "/u/é", "/u/z");
    for (String key : keys) {
      store.put(key, key);
    }

    Range range = store.range("/u/");

    assertThat(range.entries())
        .extracting(KeyValue::key)
        .containsExactly("/u/z", "/u/é", "/u/日本", "/u/Ａ", "/u/😀");
    assertThat(range.entries()).allSatisfy(e -> assertThat(e.text()).isEqualTo(e.key()));
    assertThat(store.get("/u/😀").orElseThrow().text()).isEqualTo("/u/😀");
  }

  // --- ranges

  @Test
  void range_prefix_matchesBytesSoSlashMarksADirectory() throws Exception {
    for (String key : List.of("/a", "/a/x", "/a/y/z", "/a0", "/ab", "/b", "/")) {
      store.put(key, key);
    }

    assertThat(keys(store.range("/a"))).containsExactly("/a", "/a/x", "/a/y/z", "/a0", "/ab");
    assertThat(keys(store.range("/a/"))).containsExactly("/a/x", "/a/y/z");
    assertThat(keys(store.range(Keys.exact("/a"), RangeOptions.ALL))).containsExactly("/a");
    assertThat(keys(store.range(Keys.all(), RangeOptions.ALL)))
        .containsExactly("/", "/a", "/a/x", "/a/y/z", "/a0", "/ab", "/b");
    assertThat(keys(store.range("/c"))).isEmpty();
  }

  @Test
  void range_withLimit_countsEveryMatchAndSaysThereIsMore() throws Exception {
    for (int i = 0; i < 10; i++) {
      store.put("/l/" + i, "v" + i);
    }

    Range first = store.range(Keys.prefix("/l/"), RangeOptions.first(3));
    Range all = store.range(Keys.prefix("/l/"), RangeOptions.first(10));

    assertThat(keys(first)).containsExactly("/l/0", "/l/1", "/l/2");
    assertThat(first.count()).isEqualTo(10);
    assertThat(first.more()).isTrue();
    assertThat(all.entries()).hasSize(10);
    assertThat(all.more()).isFalse();
  }

  @Test
  void range_keysOnly_leavesValuesOut() throws Exception {
    KeyValue written = store.put("/k/1", "secret");

    Range range = store.range(Keys.prefix("/k/"), RangeOptions.KEYS);

    KeyValue entry = range.entries().getFirst();
    assertThat(entry.key()).isEqualTo("/k/1");
    assertThat(entry.value()).isEmpty();
    assertThat(entry.modRevision()).isEqualTo(written.modRevision());
    assertThat(entry.version()).isEqualTo(1);
  }

  @Test
  void range_saysTheRevisionItReadAt() throws Exception {
    KeyValue written = store.put("/r/1", "1");

    Range range = store.range("/r/");

    assertThat(range.revision()).isEqualTo(written.modRevision());
    assertThat(range.revision()).isEqualTo(store.revision());
  }

  @Test
  void manyKeys_rangeAndDeleteThemAllInOneRevision() throws Exception {
    int count = 500;
    for (int i = 0; i < count; i++) {
      store.put("/many/%04d".formatted(i), "value " + i);
    }
    Recorder recorder = watch(Keys.prefix("/many/"), 0);
    long before = store.revision();

    Range range = store.range("/many/");
    long deleted = store.deletePrefix("/many/");

    assertThat(range.entries()).hasSize(count);
    assertThat(range.entries().get(123).text()).isEqualTo("value 123");
    assertThat(deleted).isEqualTo(count);
    assertThat(store.revision()).isEqualTo(before + 1);
    List<WatchEvent> events = recorder.awaitEvents(count);
    assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(WatchEvent.Delete.class));
    assertThat(events).extracting(WatchEvent::revision).containsOnly(before + 1);
    assertThat(recorder.batches).hasSize(1);
  }

  // --- deletes

  @Test
  void delete_absentKey_makesNoRevision() throws Exception {
    store.put("/a", "1");
    long before = store.revision();

    assertThat(store.delete("/b")).isFalse();
    assertThat(store.deletePrefix("/nothing/")).isZero();
    assertThat(store.revision()).isEqualTo(before);
  }

  @Test
  void delete_presentKey_removesItInANewRevision() throws Exception {
    store.put("/a", "1");
    long before = store.revision();

    assertThat(store.delete("/a")).isTrue();

    assertThat(store.get("/a")).isEmpty();
    assertThat(store.revision()).isEqualTo(before + 1);
  }

  @Test
  void deletePrefix_leavesTheNeighboursOfThePrefix() throws Exception {
    for (String key : List.of("/a", "/a/1", "/a/2", "/ab", "/b")) {
      store.put(key, key);
    }

    assertThat(store.deletePrefix("/a/")).isEqualTo(2);
    assertThat(keys(store.range("/"))).containsExactly("/a", "/ab", "/b");
  }

  // --- compare-and-set

  @Test
  void putIfAbsent_onAnExistingKey_failsWithWhatIsThere() throws Exception {
    KeyValue existing = store.put("/cas", "1");

    CompareFailedException failure =
        catchCompare(() -> store.put("/cas", "2", PutOptions.ifAbsent()));

    assertThat(failure.key()).isEqualTo("/cas");
    assertThat(failure.expectedModRevision()).isZero();
    assertThat(failure.actualModRevision()).isEqualTo(existing.modRevision());
    assertThat(failure.actual()).contains(existing);
    assertThat(failure.revision()).isEqualTo(store.revision());
    assertThat(failure).hasMessageContaining("/cas");
    assertThat(store.get("/cas").orElseThrow().text()).isEqualTo("1");
  }

  @Test
  void putIfAbsent_onAnAbsentKey_creates() throws Exception {
    KeyValue created = store.put("/cas", "1", PutOptions.ifAbsent());

    assertThat(created.version()).isEqualTo(1);
    assertThat(store.get("/cas")).contains(created);
  }

  @Test
  void putIfModRevision_matchingWrites_staleFails() throws Exception {
    KeyValue first = store.put("/cas", "1");
    KeyValue second = store.put("/cas", "2", PutOptions.ifModRevision(first.modRevision()));
    long before = store.revision();

    CompareFailedException failure =
        catchCompare(() -> store.put("/cas", "3", PutOptions.ifModRevision(first.modRevision())));

    assertThat(second.version()).isEqualTo(2);
    assertThat(failure.actualModRevision()).isEqualTo(second.modRevision());
    assertThat(store.revision()).isEqualTo(before);
    assertThat(store.get("/cas").orElseThrow().text()).isEqualTo("2");
  }

  @Test
  void putIfModRevision_onAnAbsentKey_failsWithNothingThere() throws Exception {
    CompareFailedException failure =
        catchCompare(() -> store.put("/gone", "1", PutOptions.ifModRevision(5)));

    assertThat(failure.actual()).isEmpty();
    assertThat(failure.actualModRevision()).isZero();
  }

  @Test
  void deleteIfModRevision_staleFailsAndKeepsTheKey() throws Exception {
    KeyValue first = store.put("/cas", "1");
    KeyValue second = store.put("/cas", "2");

    CompareFailedException failure = catchCompare(() -> store.delete("/cas", first.modRevision()));
    boolean deleted = store.delete("/cas", second.modRevision());

    assertThat(failure.actualModRevision()).isEqualTo(second.modRevision());
    assertThat(deleted).isTrue();
    assertThat(store.get("/cas")).isEmpty();
  }

  @Test
  void deletePrefix_guarded_deletesOnlyWhileTheGuardHolds() throws Exception {
    KeyValue directory = store.put("/dir", "meta");
    store.put("/dir/a", "1");
    store.put("/dir/b", "2");
    KeyValue changed = store.put("/dir", "meta 2");

    CompareFailedException failure =
        catchCompare(
            () -> store.deletePrefix("/dir/", Guard.modRevision("/dir", directory.modRevision())));
    assertThat(failure.key()).isEqualTo("/dir");
    assertThat(store.range("/dir/").entries()).hasSize(2);

    long deleted = store.deletePrefix("/dir/", Guard.modRevision("/dir", changed.modRevision()));
    assertThat(deleted).isEqualTo(2);
    assertThat(store.deletePrefix("/dir/", Guard.absent("/no-such-guard"))).isZero();
    assertThat(keys(store.range("/"))).containsExactly("/dir");
  }

  @Test
  void compareAndSet_concurrentIncrements_loseNone() throws Exception {
    store.put("/counter", "0");
    int threads = 4;
    int increments = 25;
    AtomicInteger conflicts = new AtomicInteger();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < increments; i++) {
                    while (true) {
                      KeyValue current = store.get("/counter").orElseThrow();
                      int next = Integer.parseInt(current.text()) + 1;
                      try {
                        store.put(
                            "/counter",
                            Integer.toString(next),
                            PutOptions.ifModRevision(current.modRevision()));
                        break;
                      } catch (CompareFailedException e) {
                        conflicts.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(50, TimeUnit.SECONDS);
      }
    }

    KeyValue counter = store.get("/counter").orElseThrow();
    assertThat(counter.text()).isEqualTo(Integer.toString(threads * increments));
    assertThat(counter.version()).isEqualTo(threads * increments + 1);
  }

  // --- leases

  @Test
  void lease_expired_deletesItsKeysAndWatchersSeeIt() throws Exception {
    Lease lease = store.grantLease(Duration.ofSeconds(1));
    assertThat(lease.ttl()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    KeyValue a = store.put("/l/a", "1", PutOptions.lease(lease.id()));
    store.put("/l/b", "2", PutOptions.lease(lease.id()));
    store.put("/l/kept", "3");
    Recorder recorder = watch(Keys.prefix("/l/"), 0);
    assertThat(a.lease()).isEqualTo(lease.id());
    assertThat(store.get("/l/a").orElseThrow().lease()).isEqualTo(lease.id());

    await().atMost(Duration.ofSeconds(15)).until(() -> store.get("/l/a").isEmpty());

    List<WatchEvent> events = recorder.awaitEvents(2);
    assertThat(events).extracting(WatchEvent::key).containsExactlyInAnyOrder("/l/a", "/l/b");
    assertThat(events).allSatisfy(e -> assertThat(e).isInstanceOf(WatchEvent.Delete.class));
    assertThat(events.get(0).revision()).isEqualTo(events.get(1).revision());
    assertThat(keys(store.range("/l/"))).containsExactly("/l/kept");
    assertThatThrownBy(() -> store.keepAlive(lease.id()))
        .isInstanceOf(LeaseNotFoundException.class)
        .hasMessageContaining(Long.toString(lease.id()));
  }

  @Test
  void lease_keptAlive_outlivesItsTtl() throws Exception {
    Lease lease = store.grantLease(Duration.ofSeconds(1));
    store.put("/alive", "1", PutOptions.lease(lease.id()));
    long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();

    while (System.nanoTime() < end) {
      assertThat(store.keepAlive(lease.id())).isEqualTo(lease.ttl());
      Thread.sleep(200);
    }

    assertThat(store.get("/alive")).isPresent();
    store.revokeLease(lease.id());
  }

  @Test
  void lease_revoked_deletesItsKeysInOneRevision() throws Exception {
    Lease lease = store.grantLease(Duration.ofMinutes(5));
    store.put("/r/a", "1", PutOptions.lease(lease.id()));
    store.put("/r/b", "2", PutOptions.lease(lease.id()));
    Recorder recorder = watch(Keys.prefix("/r/"), 0);
    long before = store.revision();

    store.revokeLease(lease.id());

    assertThat(store.range("/r/").entries()).isEmpty();
    assertThat(store.revision()).isEqualTo(before + 1);
    assertThat(recorder.awaitEvents(2)).extracting(WatchEvent::revision).containsOnly(before + 1);
    assertThatThrownBy(() -> store.revokeLease(lease.id()))
        .isInstanceOf(LeaseNotFoundException.class);
  }

  @Test
  void lease_withoutKeys_revokedMakesNoRevision() throws Exception {
    store.put("/x", "1");
    long before = store.revision();
    Lease lease = store.grantLease(Duration.ofSeconds(30));

    store.revokeLease(lease.id());

    assertThat(store.revision()).isEqualTo(before);
  }

  @Test
  void put_withAnUnknownLease_isRefused() throws Exception {
    Lease lease = store.grantLease(Duration.ofSeconds(30));
    store.revokeLease(lease.id());

    assertThatThrownBy(() -> store.put("/x", "1", PutOptions.lease(lease.id())))
        .isInstanceOf(LeaseNotFoundException.class)
        .satisfies(e -> assertThat(((LeaseNotFoundException) e).lease()).isEqualTo(lease.id()));
    assertThat(store.get("/x")).isEmpty();
  }

  @Test
  void put_withoutALease_detachesTheKeyFromItsLease() throws Exception {
    Lease lease = store.grantLease(Duration.ofMinutes(5));
    store.put("/detached", "1", PutOptions.lease(lease.id()));

    store.put("/detached", "2");
    store.revokeLease(lease.id());

    assertThat(store.get("/detached").orElseThrow().lease()).isZero();
  }

  @Test
  void lease_ttl_isRoundedUpToWholeSeconds() throws Exception {
    Lease lease = store.grantLease(Duration.ofMillis(2500));

    assertThat(lease.ttl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(lease.id()).isPositive();
    store.revokeLease(lease.id());
    assertThatThrownBy(() -> store.grantLease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- watches

  @Test
  void watch_fromNow_deliversPutsAndDeletesInOrderOffTheCallersThread() throws Exception {
    Recorder recorder = watch(Keys.prefix("/w/"), 0);

    KeyValue put = store.put("/w/a", "1");
    store.put("/elsewhere", "x");
    store.delete("/w/a");

    List<WatchEvent> events = recorder.awaitEvents(2);
    assertThat(events.get(0)).isEqualTo(new WatchEvent.Put(put));
    assertThat(events.get(1)).isEqualTo(new WatchEvent.Delete("/w/a", put.modRevision() + 2));
    assertThat(recorder.threads).noneMatch(t -> t.equals(Thread.currentThread().toString()));
    assertThat(recorder.failures).isEmpty();
  }

  @Test
  void watch_fromAPastRevision_replaysTheHistoryThenFollows() throws Exception {
    KeyValue first = store.put("/h/a", "1");
    store.put("/h/b", "2");
    store.delete("/h/a");
    store.put("/other", "x");

    Recorder recorder = watch(Keys.prefix("/h/"), first.modRevision());
    KeyValue later = store.put("/h/c", "3");

    List<WatchEvent> events = recorder.awaitEvents(4);
    assertThat(events).extracting(WatchEvent::key).containsExactly("/h/a", "/h/b", "/h/a", "/h/c");
    assertThat(events.get(2)).isInstanceOf(WatchEvent.Delete.class);
    assertThat(events.get(3)).isEqualTo(new WatchEvent.Put(later));
    assertThat(recorder.revisions()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void watch_oneKey_ignoresKeysItPrefixes() throws Exception {
    Recorder exact = watch(Keys.exact("/a"), 0);
    Recorder directory = watch(Keys.prefix("/a/"), 0);

    store.put("/ab", "1");
    store.put("/a/x", "2");
    store.put("/a", "3");

    assertThat(exact.awaitEvents(1)).extracting(WatchEvent::key).containsExactly("/a");
    assertThat(directory.awaitEvents(1)).extracting(WatchEvent::key).containsExactly("/a/x");
    store.put("/a", "sync");
    exact.awaitEvents(2);
    assertThat(directory.events).hasSize(1);
  }

  @Test
  void watch_fromACompactedRevision_failsWithCompacted() throws Exception {
    KeyValue first = store.put("/c/a", "1");
    store.put("/c/a", "2");
    KeyValue third = store.put("/c/a", "3");
    store.compact(third.modRevision());

    Recorder old = watch(Keys.prefix("/c/"), first.modRevision());
    Recorder kept = watch(Keys.prefix("/c/"), third.modRevision());

    CoordException failure = old.awaitFailure();
    assertThat(failure).isInstanceOf(CompactedException.class);
    CompactedException compacted = (CompactedException) failure;
    assertThat(compacted.requestedRevision()).isEqualTo(first.modRevision());
    assertThat(compacted.compactRevision()).isEqualTo(third.modRevision());
    assertThat(compacted).hasMessageContaining("compacted");
    assertThat(kept.awaitEvents(1).getFirst().revision()).isEqualTo(third.modRevision());
    store.put("/c/a", "4");
    old.awaitFailure();
    assertThat(kept.awaitEvents(2)).hasSize(2);
    assertThat(old.events).isEmpty();
    assertThat(old.failures).hasSize(1);
  }

  @Test
  void compact_atOrBelowTheCompactedRevision_doesNothing_beyondTheStore_isRefused()
      throws Exception {
    store.put("/x", "1");
    long revision = store.put("/x", "2").modRevision();

    store.compact(revision);
    store.compact(revision);
    store.compact(revision - 1);

    assertThatThrownBy(() -> store.compact(revision + 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Long.toString(revision + 1000));
  }

  @Test
  void watch_concurrentWriters_seeEveryRevisionOnceInOrder() throws Exception {
    Recorder recorder = watch(Keys.prefix("/conc/"), 0);
    int writers = 4;
    int writes = 40;

    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < writes; i++) {
                    store.put("/conc/" + writer, Integer.toString(i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(50, TimeUnit.SECONDS);
      }
    }

    List<WatchEvent> events = recorder.awaitEvents(writers * writes);
    assertThat(events).hasSize(writers * writes);
    assertThat(recorder.revisions()).isSorted().doesNotHaveDuplicates();
    Map<String, List<String>> perWriter = new HashMap<>();
    for (WatchEvent event : events) {
      perWriter
          .computeIfAbsent(event.key(), k -> new ArrayList<>())
          .add(((WatchEvent.Put) event).entry().text());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      expected.add(Integer.toString(i));
    }
    assertThat(perWriter).hasSize(writers).allSatisfy((k, v) -> assertThat(v).isEqualTo(expected));
  }

  @Test
  void watch_closed_deliversNothingMore() throws Exception {
    Recorder recorder = new Recorder();
    Watch watch = store.watch(Keys.prefix("/z/"), 0, recorder);
    store.put("/z/1", "1");
    recorder.awaitEvents(1);

    watch.close();
    store.put("/z/2", "2");
    Recorder witness = watch(Keys.prefix("/z/"), store.revision());
    witness.awaitEvents(1);

    assertThat(recorder.events).hasSize(1);
    watch.close();
  }

  @Test
  void watch_listenerThatThrows_keepsGettingEvents() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    watches.add(
        store.watch(
            Keys.prefix("/t/"),
            0,
            new WatchListener() {
              @Override
              public void onEvents(List<WatchEvent> events) {
                events.forEach(e -> seen.add(e.key()));
                throw new IllegalStateException("a listener bug");
              }

              @Override
              public void onFailed(CoordException error) {}
            }));

    store.put("/t/1", "1");
    store.put("/t/2", "2");

    await().atMost(Recorder.WAIT).until(() -> seen.size() == 2);
    assertThat(seen).containsExactly("/t/1", "/t/2");
  }

  @Test
  void watch_fromAFutureRevision_startsThere() throws Exception {
    long now = store.revision();
    Recorder recorder = watch(Keys.prefix("/f/"), now + 2);

    store.put("/f/1", "skipped");
    KeyValue second = store.put("/f/2", "seen");

    assertThat(recorder.awaitEvents(1).getFirst()).isEqualTo(new WatchEvent.Put(second));
    store.put("/f/3", "sync");
    assertThat(recorder.awaitEvents(2)).extracting(WatchEvent::key).containsExactly("/f/2", "/f/3");
  }

  @Test
  void deleteEvent_ofAGuardedDelete_isDelivered() throws Exception {
    KeyValue put = store.put("/g", "1");
    Recorder recorder = watch(Keys.exact("/g"), put.modRevision());

    store.delete("/g", put.modRevision());

    assertThat(recorder.awaitEvents(2).get(1))
        .isEqualTo(new WatchEvent.Delete("/g", put.modRevision() + 1));
  }

  private static List<String> keys(Range range) {
    return range.entries().stream().map(KeyValue::key).toList();
  }

  @FunctionalInterface
  private interface Write {
    Object run() throws Exception;
  }

  private static CompareFailedException catchCompare(Write write) throws Exception {
    try {
      write.run();
    } catch (CompareFailedException e) {
      return e;
    }
    throw new AssertionError("expected a CompareFailedException");
  }
}
