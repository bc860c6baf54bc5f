package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubreaperTest {
  @Test
  void enable_thenDisable_isReportedByTheKernel() throws Exception {
    boolean before = Subreaper.isEnabled();
    try {
      Subreaper.enable();
      assertThat(Subreaper.isEnabled()).isTrue();

      Subreaper.disable();
      assertThat(Subreaper.isEnabled()).isFalse();
    } finally {
      if (before) {
        Subreaper.enable();
      } else {
        Subreaper.disable();
      }
    }
  }
}
