package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExitStatusTest {
  @Test
  void shellCode_exited_isTheCode() {
    ExitStatus status = ExitStatus.exited(3);

    assertThat(status.shellCode()).isEqualTo(3);
    assertThat(status).hasToString("exited with code 3");
  }

  @Test
  void shellCode_killed_is128PlusTheSignal() {
    ExitStatus status = ExitStatus.killed(Signals.SIGSEGV, true);

    assertThat(status.shellCode()).isEqualTo(139);
    assertThat(status).hasToString("killed by SIGSEGV (core dumped)");
    assertThat(
            switch (status) {
              case ExitStatus.Exited e -> "exited";
              case ExitStatus.Killed k -> k.coreDumped() ? "dumped" : "killed";
            })
        .isEqualTo("dumped");
  }

  @Test
  void construction_outOfRange_fails() {
    assertThatThrownBy(() -> ExitStatus.exited(256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExitStatus.killed(0, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
