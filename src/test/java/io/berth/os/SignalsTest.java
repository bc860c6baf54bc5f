package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {
  @ParameterizedTest
  @CsvSource({
    "TERM, 15",
    "SIGTERM, 15",
    "sigterm, 15",
    "15, 15",
    "KILL, 9",
    "SIGHUP, 1",
    "CHLD, 17",
    "CLD, 17",
    "IOT, 6",
    "WINCH, 28",
    "SIGSYS, 31",
    "SIGRTMIN, 34",
    "SIGRTMIN+3, 37",
    "RTMIN+30, 64",
    "SIGRTMAX, 64",
    "RTMAX-2, 62",
    "32, 32",
    "64, 64"
  })
  void parse_knownSpelling_givesTheLinuxNumber(String text, int number) {
    assertThat(Signals.parse(text)).isEqualTo(number);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0",
        "65",
        "-1",
        "FOO",
        "SIGFOO",
        "SIG",
        "SIGRTMIN+31",
        "RTMAX+1",
        "RTMIN-1",
        "SIGRTMIN+",
        "TERM ",
        "1000"
      })
  void parse_unknownName_failsNamingItAndWhatIsAccepted(String text) {
    if (text.equals("TERM ")) { // surrounding blanks are forgiven
      assertThat(Signals.parse(text)).isEqualTo(15);
      return;
    }
    assertThatThrownBy(() -> Signals.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown signal '" + text + "'")
        .hasMessageContaining("SIGTERM");
  }

  @Test
  void name_everyNumber_parsesBackToItself() {
    for (int n = 1; n <= Signals.MAX; n++) {
      assertThat(Signals.parse(Signals.name(n))).as("signal %d", n).isEqualTo(n);
    }
    assertThat(Signals.name(15)).isEqualTo("SIGTERM");
    assertThat(Signals.name(37)).isEqualTo("SIGRTMIN+3");
    assertThat(Signals.realtimeMin()).isEqualTo(34);
    assertThat(Signals.realtimeMax()).isEqualTo(64);
  }

  @Test
  void name_outOfRange_fails() {
    assertThatThrownBy(() -> Signals.name(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signals.name(65)).isInstanceOf(IllegalArgumentException.class);
  }
}
