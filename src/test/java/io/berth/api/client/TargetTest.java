package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void name_isOnePercentEncodedSegment_keepingColonsAndAts() {
    assertThat(Target.of("/v1/images/{}", "registry.example:5000/team/app@sha256:ab"))
        .hasToString("/v1/images/registry.example:5000%2Fteam%2Fapp@sha256:ab");
    assertThat(Target.of("/v1/images/{}", "a b/c%d?e#f"))
        .hasToString("/v1/images/a%20b%2Fc%25d%3Fe%23f");
    assertThat(Target.of("/v1/images/{}", "ü")).hasToString("/v1/images/%C3%BC");
  }

  @Test
  void query_leavesOutNullsAndFalseFlags_andEncodesValues() {
    assertThat(
            Target.of("/v1/containers/{}/logs", "web")
                .flag("follow", true)
                .flag("timestamps", false)
                .query("tail", null)
                .query("since", Instant.parse("2025-01-01T00:00:00Z"))
                .query("signal", "SIG HUP&x"))
        .hasToString(
            "/v1/containers/web/logs?follow=true&since=2025-01-01T00%3A00%3A00Z&signal=SIG%20HUP%26x");
  }
}
