package io.berth.spec;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * When a periodic task runs: a cron expression read as Vixie cron reads it (five fields: minute,
 * hour, day of month, month, day of week; lists, ranges, steps, month and day names; {@code
 * @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly}), evaluated in the
 * host's time zone, or a fixed interval ({@code @every 90s}).
 *
 * <p>As in Vixie cron, when both the day of month and the day of week are restricted (neither is
 * {@code *}), a day matches if either does.
 *
 * @param text the schedule as written
 * @param every the interval, or null for a cron expression
 */
public record Schedule(String text, Duration every, Cron cron) {
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

  public Schedule {
    if ((every == null) == (cron == null)) {
      throw new IllegalArgumentException("a schedule is a cron expression or an interval");
    }
    if (every != null && (every.isNegative() || every.isZero())) {
      throw new IllegalArgumentException("the interval of a schedule must be positive");
    }
  }

  /** Every {@code interval}, the first run one interval after the task is set up. */
  public static Schedule every(Duration interval) {
    return new Schedule("@every " + Durations.format(interval), interval, null);
  }

  /**
   * Reads {@code @every DURATION}, a macro or five cron fields.
   *
   * @throws IllegalArgumentException naming the field that is wrong and why
   */
  public static Schedule parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("@every")) {
      String rest = s.substring("@every".length()).strip();
      try {
        return new Schedule(text.strip(), Durations.parse(rest, false), null);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'@every %s' needs %s".formatted(rest, Durations.EXPECTED), e);
      }
    }
    String expanded =
        switch (s) {
          case "@hourly" -> "0 * * * *";
          case "@daily", "@midnight" -> "0 0 * * *";
          case "@weekly" -> "0 0 * * 0";
          case "@monthly" -> "0 0 1 * *";
          case "@yearly", "@annually" -> "0 0 1 1 *";
          default -> s;
        };
    if (expanded.startsWith("@")) {
      throw new IllegalArgumentException(
          "unknown schedule '%s': expected five cron fields, @hourly, @daily, @weekly, @monthly, @yearly or @every DURATION"
              .formatted(text.strip()));
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "schedule '%s' has %d fields: cron needs five (minute hour day-of-month month day-of-week)"
              .formatted(text.strip(), fields.length));
    }
    Cron cron =
        new Cron(
            field(fields[0], "minute", 0, 59, null),
            field(fields[1], "hour", 0, 23, null),
            field(fields[2], "day of month", 1, 31, null),
            field(fields[3], "month", 1, 12, MONTHS),
            dayOfWeek(fields[4]),
            fields[2].equals("*"),
            fields[4].equals("*"));
    Schedule schedule = new Schedule(text.strip(), null, cron);
    if (schedule.next(ZonedDateTime.now()).isEmpty()) {
      throw new IllegalArgumentException(
          "schedule '%s' never fires (no such date)".formatted(text.strip()));
    }
    return schedule;
  }

  /**
   * The first time strictly after {@code after} the schedule fires; for an interval, {@code after}
   * plus the interval. Empty when a cron expression names no real date within five years.
   */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    if (every != null) {
      return Optional.of(after.plus(every));
    }
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = after.plusYears(5);
    while (t.isBefore(limit)) {
      if (!cron.months().get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!cron.dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!cron.hours().get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!cron.minutes().get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return text;
  }

  /** The five fields as sets of the values they allow. */
  public record Cron(
      BitSet minutes,
      BitSet hours,
      BitSet daysOfMonth,
      BitSet months,
      BitSet daysOfWeek,
      boolean anyDayOfMonth,
      boolean anyDayOfWeek) {
    boolean dayMatches(ZonedDateTime t) {
      boolean dom = daysOfMonth.get(t.getDayOfMonth());
      boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
      if (anyDayOfMonth || anyDayOfWeek) {
        return dom && dow;
      }
      return dom || dow;
    }
  }

  private static BitSet dayOfWeek(String text) {
    BitSet days = field(text, "day of week", 0, 7, DAYS);
    if (days.get(7)) { // 7 is Sunday too
      days.set(0);
      days.clear(7);
    }
    return days;
  }

  private static BitSet field(String text, String what, int min, int max, String[] names) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), what, 1, max - min + 1, null, text);
      }
      int low;
      int high;
      if (range.equals("*")) {
        low = min;
        high = max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          low = number(range.substring(0, dash), what, min, max, names, text);
          high = number(range.substring(dash + 1), what, min, max, names, text);
          if (high < low) {
            throw new IllegalArgumentException(
                "the %s field '%s' has a range that runs backwards".formatted(what, text));
          }
        } else {
          low = number(range, what, min, max, names, text);
          high = slash >= 0 ? max : low;
        }
      }
      for (int v = low; v <= high; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(
      String text, String what, int min, int max, String[] names, String field) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(text)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw new IllegalArgumentException(
        "the %s field '%s' holds '%s': expected a number from %d to %d%s, *, a list, a range or a step"
            .formatted(what, field, text, min, max, names == null ? "" : " or a name"));
  }
}
