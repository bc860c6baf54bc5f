package io.berth.telemetry;

import io.berth.events.EventBus;
import io.berth.store.Database;
import io.berth.testing.ExposedMetrics;
import io.berth.testing.TempDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** A real event bus over a database in a temporary directory, and telemetry that follows it. */
final class Bus implements AutoCloseable {
  final TempDirectory directory = TempDirectory.create("berth-telemetry-");
  final Database database;
  final EventBus events;
  final Telemetry telemetry;

  Bus(HostView host) {
    try {
      database = Database.open(directory.resolve("berth.db"), List.of(EventBus.SCHEMA));
      events = new EventBus(database);
    } catch (IOException e) {
      directory.close();
      throw new UncheckedIOException(e);
    }
    telemetry = Telemetry.start(events, host);
  }

  Bus() {
    this(HostView.NONE);
  }

  void publish(String type, String subject, String... attributes) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      map.put(attributes[i], attributes[i + 1]);
    }
    events.publish(type, subject, map);
  }

  String text() {
    try {
      return telemetry.scrape(null).text();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ExposedMetrics scrape() {
    return ExposedMetrics.parse(text());
  }

  @Override
  public void close() {
    telemetry.close();
    database.close();
    directory.close();
  }
}
