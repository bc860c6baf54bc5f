package io.berth.coord;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A watch listener that records everything it is told, for tests to wait on and inspect. */
final class Recorder implements WatchListener {
  static final Duration WAIT = Duration.ofSeconds(20);

  final List<WatchEvent> events = new CopyOnWriteArrayList<>();
  final List<List<WatchEvent>> batches = new CopyOnWriteArrayList<>();
  final List<String> signals = new CopyOnWriteArrayList<>();
  final List<CoordException> failures = new CopyOnWriteArrayList<>();
  final Set<String> threads = ConcurrentHashMap.newKeySet();

  @Override
  public void onEvents(List<WatchEvent> batch) {
    threads.add(Thread.currentThread().toString());
    batches.add(batch);
    events.addAll(batch);
  }

  @Override
  public void onDisconnected(String reason) {
    signals.add("disconnected: " + reason);
  }

  @Override
  public void onResumed() {
    signals.add("resumed");
  }

  @Override
  public void onFailed(CoordException error) {
    failures.add(error);
  }

  /** Waits until {@code count} events arrived; returns them. */
  List<WatchEvent> awaitEvents(int count) {
    await("%d events (have %s)".formatted(count, events.size()))
        .atMost(WAIT)
        .until(() -> events.size() >= count);
    return List.copyOf(events);
  }

  /** Waits until an event matches. */
  WatchEvent awaitEvent(Predicate<WatchEvent> match) {
    await("an event matching (have %s)".formatted(events))
        .atMost(WAIT)
        .until(() -> events.stream().anyMatch(match));
    return events.stream().filter(match).findFirst().orElseThrow();
  }

  CoordException awaitFailure() {
    await("a failure").atMost(WAIT).until(() -> !failures.isEmpty());
    return failures.getFirst();
  }

  List<Long> revisions() {
    List<Long> revisions = new ArrayList<>();
    for (WatchEvent event : events) {
      revisions.add(event.revision());
    }
    return revisions;
  }

  List<String> keys() {
    return events.stream().map(WatchEvent::key).toList();
  }
}
