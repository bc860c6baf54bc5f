package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {
  private final PathPattern kv = PathPattern.parse("/v1/kv/{path...}");

  @Test
  void restParameter_takesEverySegmentLeft_trailingSlashKept() {
    assertThat(kv.match(List.of("v1", "kv", "org", "app", "db", "port")))
        .isEqualTo(Map.of("path", "org/app/db/port"));
    assertThat(kv.match(List.of("v1", "kv", "org", "app", "")))
        .isEqualTo(Map.of("path", "org/app/"));
    assertThat(kv.match(List.of("v1", "kv", ""))).isEqualTo(Map.of("path", ""));
    assertThat(kv.match(List.of("v1", "kv"))).isEqualTo(Map.of("path", ""));
  }

  @Test
  void restParameter_stillNeedsTheLiteralsBeforeIt() {
    assertThat(kv.match(List.of("v1", "images", "x"))).isNull();
    assertThat(kv.match(List.of("v1"))).isNull();
  }

  @Test
  void restParameter_onlyLast() {
    assertThatThrownBy(() -> PathPattern.parse("/v1/{path...}/x"))
        .hasMessageContaining("only the last parameter");
  }
}
