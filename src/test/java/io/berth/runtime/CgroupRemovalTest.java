package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The host's real cgroup hierarchies: what runc's delete may leave is removed, stragglers too. */
class CgroupRemovalTest {
  private final String parent = "berth-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final String relative = "/" + parent + "/container";
  private Process straggler;

  @AfterEach
  void cleanUp() throws Exception {
    if (straggler != null && straggler.isAlive()) {
      straggler.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    CgroupRemoval.remove(CgroupRemoval.HOST, "/" + parent, Duration.ofSeconds(5));
  }

  @Test
  void aCgroupWithANestedOneAndAProcessStillInIt_isRemovedEverywhere_andTheProcessKilled()
      throws Exception {
    Path pids = CgroupRemoval.HOST.resolve("pids");
    Path memory = CgroupRemoval.HOST.resolve("memory");
    assertThat(pids.resolve("cgroup.procs"))
        .as("this test needs the cgroup v1 pids and memory hierarchies, as on the CI machine")
        .exists();
    Path inPids = Files.createDirectories(pids.resolve(relative.substring(1)));
    Path nested = Files.createDirectories(memory.resolve(relative.substring(1)).resolve("task"));
    straggler = new ProcessBuilder("sleep", "60").start();
    Files.writeString(nested.resolve("cgroup.procs"), Long.toString(straggler.pid()));
    assertThat(Files.readString(nested.resolve("cgroup.procs")))
        .contains(Long.toString(straggler.pid()));

    boolean gone = CgroupRemoval.remove(CgroupRemoval.HOST, relative, Duration.ofSeconds(10));

    assertThat(gone).isTrue();
    assertThat(straggler.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(straggler.exitValue()).isEqualTo(128 + 9);
    assertThat(inPids).doesNotExist();
    assertThat(nested.getParent()).doesNotExist();
    assertThat(memory.resolve(parent)).exists(); // only the container's own cgroup goes
  }

  @Test
  void aCgroupThatIsNotThere_isNothingToDo() {
    assertThat(CgroupRemoval.remove(CgroupRemoval.HOST, relative, Duration.ofSeconds(1))).isTrue();
  }
}
