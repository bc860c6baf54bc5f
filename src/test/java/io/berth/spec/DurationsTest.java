package io.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void format_isShortAndReadsBack() {
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofSeconds(-1))).isEqualTo("-1s");
    for (Duration d :
        new Duration[] {
          Duration.ofMillis(1), Duration.ofHours(26), Duration.ofMillis(61_500), Duration.ofNanos(5)
        }) {
      assertThat(Durations.parse(Durations.format(d), false)).isEqualTo(d);
    }
  }
}
