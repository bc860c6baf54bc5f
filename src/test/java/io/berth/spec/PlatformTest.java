package io.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlatformTest {
  @Test
  void parse_aliases_areNormalised() {
    assertThat(Platform.parse("linux/x86_64")).isEqualTo(Platform.parse("linux/amd64"));
    assertThat(Platform.parse("linux/aarch64")).isEqualTo(Platform.parse("linux/arm64/v8"));
  }

  @Test
  void matches_hostWithoutVariant_acceptsAnyVariant() {
    assertThat(Platform.parse("linux/arm").matches(Platform.parse("linux/arm/v7"))).isTrue();
    assertThat(Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm/v7"))).isFalse();
    assertThat(Platform.parse("linux/amd64").matches(Platform.parse("linux/arm64"))).isFalse();
  }

  @Test
  void parse_malformed_explainsTheForm() {
    assertThatThrownBy(() -> Platform.parse("amd64")).hasMessageContaining("os/architecture");
  }

  @Test
  void host_isLinuxOnThisMachinesArchitecture() {
    assertThat(Platform.host().os()).isEqualTo("linux");
    assertThat(Platform.host().architecture()).isEqualTo("amd64");
  }
}
