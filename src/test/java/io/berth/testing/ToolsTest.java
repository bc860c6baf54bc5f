package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ToolsTest {
  @Test
  void require_installedTool_returnsItsPath() {
    assertThat(Tools.require("sh", "dash")).isExecutable();
  }

  @Test
  void require_missingTool_failsNamingTheDebianPackage() {
    assertThatThrownBy(() -> Tools.require("berth-no-such-tool", "berth-no-such-package"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("apt-get install -y berth-no-such-package");
  }

  @Test
  void run_failingCommand_throwsWithItsOutputAndExitCode() {
    assertThatThrownBy(() -> Command.of("sh", "-c", "echo broken >&2; exit 3").run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with 3")
        .hasMessageContaining("broken");
  }

  @Test
  void run_commandOverItsTimeout_isKilledAndReported() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> Command.of("sleep", "30").withTimeout(Duration.ofMillis(300)).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not finish within");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
