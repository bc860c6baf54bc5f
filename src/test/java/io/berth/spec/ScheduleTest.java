package io.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static ZonedDateTime at(String text) {
    return ZonedDateTime.parse(text + "Z").withZoneSameInstant(UTC);
  }

  private static String next(String schedule, String after) {
    return Schedule.parse(schedule).next(at(after)).orElseThrow().toLocalDateTime().toString();
  }

  @Test
  void fields_listsRangesStepsAndNames() {
    assertThat(next("*/15 * * * *", "2026-11-21T10:07:30")).isEqualTo("2026-11-21T10:15");
    assertThat(next("0 3 * * *", "2026-11-21T03:00:00")).isEqualTo("2026-11-22T03:00");
    assertThat(next("5,35 9-17 * * mon-fri", "2026-11-21T12:00")).isEqualTo("2026-11-23T09:05");
    assertThat(next("0 0 1 jan,jul *", "2026-11-21T00:00")).isEqualTo("2027-01-01T00:00");
    assertThat(next("30 12 * * 7", "2026-11-21T00:00")).isEqualTo("2026-11-22T12:30");
    assertThat(next("10-20/5 * * * *", "2026-11-21T00:16")).isEqualTo("2026-11-21T00:20");
  }

  @Test
  void dayOfMonthOrDayOfWeek_whenBothAreRestricted() {
    // the 13th, or any Friday (Vixie cron): 2026-11-27 is a Friday, before December 13th
    assertThat(next("0 0 13 * fri", "2026-11-21T00:00")).isEqualTo("2026-11-27T00:00");
    // only the 29th of February: the next leap year
    assertThat(next("0 0 29 2 *", "2026-11-21T00:00")).isEqualTo("2028-02-29T00:00");
  }

  @Test
  void macrosAndIntervals() {
    assertThat(next("@hourly", "2026-11-21T10:07")).isEqualTo("2026-11-21T11:00");
    assertThat(next("@daily", "2026-11-21T10:07")).isEqualTo("2026-11-22T00:00");
    assertThat(next("@weekly", "2026-11-21T10:07")).isEqualTo("2026-11-22T00:00");
    assertThat(next("@monthly", "2026-11-21T10:07")).isEqualTo("2026-12-01T00:00");
    assertThat(next("@yearly", "2026-11-21T10:07")).isEqualTo("2027-01-01T00:00");
    Schedule every = Schedule.parse("@every 1m30s");
    assertThat(every.every()).isEqualTo(Duration.ofSeconds(90));
    assertThat(every.next(at("2026-11-21T10:00:00")).orElseThrow().toLocalDateTime().toString())
        .isEqualTo("2026-11-21T10:01:30");
  }

  @Test
  void mistakes_sayWhichFieldAndWhy() {
    assertThatThrownBy(() -> Schedule.parse("* * *"))
        .hasMessage(
            "schedule '* * *' has 3 fields: cron needs five (minute hour day-of-month month day-of-week)");
    assertThatThrownBy(() -> Schedule.parse("0 24 * * *"))
        .hasMessage(
            "the hour field '24' holds '24': expected a number from 0 to 23, *, a list, a range or a step");
    assertThatThrownBy(() -> Schedule.parse("0 0 * smarch *"))
        .hasMessageContaining("the month field 'smarch' holds 'smarch'");
    assertThatThrownBy(() -> Schedule.parse("0 5-2 * * *"))
        .hasMessage("the hour field '5-2' has a range that runs backwards");
    assertThatThrownBy(() -> Schedule.parse("0 0 31 4 *"))
        .hasMessage("schedule '0 0 31 4 *' never fires (no such date)");
    assertThatThrownBy(() -> Schedule.parse("@fortnightly"))
        .hasMessageStartingWith("unknown schedule");
    assertThatThrownBy(() -> Schedule.parse("@every soon"))
        .hasMessageStartingWith("'@every soon' needs");
  }
}
