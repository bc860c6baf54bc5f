package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private static RestartPolicy of(String value) {
    return RestartPolicy.of(Map.of(RestartPolicy.LABEL, value));
  }

  @Test
  void policies_areDockers() {
    assertThat(of("always")).isEqualTo(new RestartPolicy(false, 0));
    assertThat(of("unless-stopped")).isEqualTo(new RestartPolicy(false, 0));
    assertThat(of("on-failure")).isEqualTo(new RestartPolicy(true, 0));
    assertThat(of("on-failure:3")).isEqualTo(new RestartPolicy(true, 3));
    assertThat(of("no")).isNull();
    assertThat(RestartPolicy.of(Map.of())).isNull();
  }

  @Test
  void aLabelThatIsNoPolicy_isNone_neverAnException() {
    // a service's labels reach the runtime unchecked; the teardown reads them
    for (String value :
        new String[] {"on-failure:x", "on-failure:", "on-failure:-1", "sometimes"}) {
      assertThat(of(value)).as(value).isNull();
    }
  }

  @Test
  void onFailure_restartsAfterAFailureOnly_upToItsLimit() {
    RestartPolicy twice = of("on-failure:2");
    assertThat(twice.restarts(1, 0)).isTrue();
    assertThat(twice.restarts(1, 2)).isFalse();
    assertThat(twice.restarts(0, 0)).isFalse();
    assertThat(RestartPolicy.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(RestartPolicy.delay(30)).isEqualTo(Duration.ofMinutes(1));
  }
}
