package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.runtime.spec.Capability;
import io.berth.spec.Durations;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {
  @Test
  void shellWords_quotesAndEscapes() {
    assertThat(ShellWords.split("  a  b\tc\n").words()).containsExactly("a", "b", "c");
    assertThat(ShellWords.split("'a \"b\"' \"c 'd'\"").words()).containsExactly("a \"b\"", "c 'd'");
    assertThat(ShellWords.split("\"a\\\"b\\\\c\\d\"").words()).containsExactly("a\"b\\c\\d");
    assertThat(ShellWords.split("a\\ b c\\\\d").words()).containsExactly("a b", "c\\d");
    assertThat(ShellWords.split("x#y '#' \"|\"").words()).containsExactly("x#y", "#", "|");
    assertThat(ShellWords.split("a\\\nb").words()).containsExactly("ab");
    assertThat(ShellWords.split("").words()).isEmpty();
    assertThat(ShellWords.split("echo '$HOME'").dollar()).isFalse();
    assertThat(ShellWords.split("echo \"$HOME\"").dollar()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a | b",
        "a && b",
        "a; b",
        "a > f",
        "a < f",
        "(a)",
        "a `b`",
        "a \"`b`\"",
        "a #c",
        "'a",
        "\"a"
      })
  void shellWords_refuseWhatNeedsAShell(String line) {
    assertThatThrownBy(() -> ShellWords.split(line)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durations() {
    assertThat(Durations.parse("1h", false)).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("2h3m4s5ms", false)).isEqualTo(Duration.ofMillis(7_384_005));
    assertThat(Durations.parse("0", false)).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("-1", true)).isEqualTo(Duration.ofSeconds(-1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "s", "10 s", "10sec", "1d", "-1", "-1s", "1h-5m", "1e3", "9999999999999999s"})
  void durations_refused(String text) {
    assertThatThrownBy(() -> Durations.parse(text, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "-1m", "1.5", "1x", "1 mb b", "99999999999t"})
  void sizes_refused(String text) {
    assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void capabilities_areTheRuntimes() {
    assertThat(KnownNames.CAPABILITIES)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Capability.values()).map(Enum::name).toList());
    assertThat(KnownNames.capability("cap_net_admin")).isEqualTo("NET_ADMIN");
    assertThat(KnownNames.capability("all")).isEqualTo("ALL");
  }

  @Test
  void signals() {
    assertThat(KnownNames.signal("term")).isEqualTo("SIGTERM");
    assertThat(KnownNames.signal("SIGUSR1")).isEqualTo("SIGUSR1");
    assertThat(KnownNames.signal("RTMAX-2")).isEqualTo("SIGRTMAX-2");
    assertThat(KnownNames.signal("9")).isEqualTo("9");
    assertThatThrownBy(() -> KnownNames.signal("65")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KnownNames.signal("SIGRTMIN-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
