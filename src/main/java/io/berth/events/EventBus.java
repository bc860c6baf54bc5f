package io.berth.events;

import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers events, keeps them in the database (bounded: the oldest are dropped past a limit) and
 * hands them to subscribers. A subscriber that throws is logged and kept; subscribers must not
 * block, they queue what they need to do elsewhere.
 */
public final class EventBus implements EventSink {
  public static final Schema SCHEMA =
      Schema.of(
          "events",
          """
          CREATE TABLE events (
            sequence INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            type TEXT NOT NULL,
            subject TEXT,
            attributes TEXT NOT NULL
          );
          CREATE INDEX events_type ON events(type)
          """);

  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
  private static final int KEEP = 10_000;

  private final Database database;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private long sequence;

  public EventBus(Database database) throws IOException {
    this.database = database;
    this.sequence =
        database.read(
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(sequence), 0) FROM events")) {
                rs.next();
                return rs.getLong(1);
              }
            });
  }

  @Override
  public void publish(String type, String subject, Map<String, String> attributes) {
    Event event;
    synchronized (this) {
      event = new Event(++sequence, Instant.now(), type, subject, attributes);
      try {
        store(event);
      } catch (IOException e) {
        LOG.warn("event {} not stored: {}", type, e.getMessage());
      }
    }
    LOG.debug("event {} {} {}", type, subject, attributes);
    deliver(event);
  }

  private void deliver(Event event) {
    String type = event.type();
    for (Subscriber subscriber : subscribers) {
      if (subscriber.filter.test(event)) {
        try {
          subscriber.consumer.accept(event);
        } catch (RuntimeException e) {
          LOG.warn("event subscriber failed on {}: {}", type, e.toString());
        }
      }
    }
  }

  /** Hands the event to the subscribers without storing it; its sequence is 0. */
  @Override
  public void notice(String type, String subject, Map<String, String> attributes) {
    deliver(new Event(0, Instant.now(), type, subject, attributes));
  }

  /** Subscribes to events from now on; close the result to stop. */
  public AutoCloseable subscribe(Predicate<Event> filter, Consumer<Event> consumer) {
    Subscriber subscriber = new Subscriber(filter, consumer);
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** How many subscribers there are: a watch that ended must have left. */
  public int subscribers() {
    return subscribers.size();
  }

  /** Stored events after {@code since}, oldest first, at most {@code limit}. */
  public List<Event> history(long since, int limit) throws IOException {
    return database.read(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT sequence, time, type, subject, attributes FROM events"
                      + " WHERE sequence > ? ORDER BY sequence LIMIT ?")) {
            q.setLong(1, since);
            q.setInt(2, limit);
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                events.add(
                    new Event(
                        rs.getLong(1),
                        Instant.parse(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        EventAttributes.decode(rs.getString(5))));
              }
            }
            return events;
          }
        });
  }

  private void store(Event event) throws IOException {
    database.transaction(
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO events(sequence, time, type, subject, attributes)"
                      + " VALUES(?, ?, ?, ?, ?)")) {
            insert.setLong(1, event.sequence());
            insert.setString(2, event.time().toString());
            insert.setString(3, event.type());
            insert.setString(4, event.subject());
            insert.setString(5, EventAttributes.encode(event.attributes()));
            insert.executeUpdate();
          }
          if (event.sequence() % 1000 == 0) {
            try (PreparedStatement trim =
                c.prepareStatement("DELETE FROM events WHERE sequence <= ?")) {
              trim.setLong(1, event.sequence() - KEEP);
              trim.executeUpdate();
            }
          }
          return null;
        });
  }

  private record Subscriber(Predicate<Event> filter, Consumer<Event> consumer) {}
}
