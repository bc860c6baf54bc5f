package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrphanReaperTest {
  private static final String BUSYBOX = "/bin/busybox";

  private boolean wasSubreaper;

  @BeforeEach
  void becomeSubreaper() throws Exception {
    wasSubreaper = Subreaper.isEnabled();
    Subreaper.enable();
  }

  @AfterEach
  void restore() throws Exception {
    if (!wasSubreaper) {
      Subreaper.disable();
    }
  }

  @Test
  void scan_orphanZombieSeenTwiceASecondApart_isReaped() throws Exception {
    int orphan = orphanZombie();
    OrphanReaper orphans = new OrphanReaper(pid -> false);

    assertThat(orphans.scan()).isEmpty(); // first sighting
    assertThat(ProcStat.state(orphan)).isEqualTo('Z');
    Thread.sleep(1100);
    List<OrphanReaper.Orphan> reaped = orphans.scan();

    assertThat(reaped)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.pid()).isEqualTo(orphan);
              assertThat(o.status()).isEqualTo(ExitStatus.exited(4));
              assertThat(o.command()).isNotEmpty();
            });
    assertThat(ProcStat.state(orphan)).isEqualTo((char) 0);
  }

  @Test
  void scan_secondScanTooSoon_leavesTheZombie() throws Exception {
    int orphan = orphanZombie();
    OrphanReaper orphans = new OrphanReaper(pid -> false, Duration.ofSeconds(30));
    try {
      orphans.scan();
      orphans.scan();

      assertThat(ProcStat.state(orphan)).isEqualTo('Z');
    } finally {
      assertThat(Processes.reap(orphan)).contains(ExitStatus.exited(4));
    }
  }

  @Test
  void scan_watchedZombie_isLeftToItsWatcher() throws Exception {
    int orphan = orphanZombie();
    OrphanReaper orphans = new OrphanReaper(pid -> pid == orphan, Duration.ZERO);
    try {
      orphans.scan();
      orphans.scan();

      assertThat(ProcStat.state(orphan)).isEqualTo('Z');
    } finally {
      assertThat(Processes.reap(orphan)).contains(ExitStatus.exited(4));
    }
  }

  @Test
  void scan_runningAllTheTime_jdkChildrenKeepTheirExitCodes() throws Exception {
    OrphanReaper orphans = new OrphanReaper(pid -> false);
    List<OrphanReaper.Orphan> stolen = new CopyOnWriteArrayList<>();
    List<Long> ours = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread scanner =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (running.get()) {
                    try {
                      stolen.addAll(orphans.scan());
                      Thread.sleep(20);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }
                });
    try {
      for (int round = 0; round < 5; round++) {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          int code = 10 + i;
          Process process =
              new ProcessBuilder(BUSYBOX, "sh", "-c", "sleep 0.2; exit " + code).start();
          ours.add(process.pid());
          processes.add(process);
        }
        for (int i = 0; i < processes.size(); i++) {
          assertThat(processes.get(i).waitFor(10, TimeUnit.SECONDS)).isTrue();
          assertThat(processes.get(i).exitValue()).isEqualTo(10 + i);
        }
        Thread.sleep(300); // let the scanner see the exits go by
      }
    } finally {
      running.set(false);
      scanner.join(Duration.ofSeconds(10));
    }
    assertThat(scanner.isAlive()).isFalse();
    // Other tests in this JVM may leave orphans the scanner rightly reaps; none may be ours.
    assertThat(stolen).noneMatch(o -> ours.contains((long) o.pid()));
  }

  /**
   * A grandchild that exits with 4 after its parent shell has gone, so it ends as a zombie child of
   * this subreaper JVM; returns its pid once it is one.
   */
  private static int orphanZombie() throws Exception {
    Pipe pipe = Pipes.pipe(Fcntl.O_CLOEXEC);
    try {
      int shell;
      try {
        shell =
            Spawner.spawn(
                SpawnRequest.of(BUSYBOX, "sh", "-c", "(sleep 0.3; exit 4) >/dev/null & echo $!")
                    .withStdout(pipe.writeFd()));
      } finally {
        FileDescriptors.close(pipe.writeFd());
      }
      byte[] buffer = new byte[32];
      int n = FileDescriptors.read(pipe.readFd(), buffer, 0, buffer.length);
      int orphan = Integer.parseInt(new String(buffer, 0, n, StandardCharsets.US_ASCII).strip());
      ReaperTest.waitForZombie(shell);
      assertThat(Processes.reap(shell)).contains(ExitStatus.exited(0));
      ReaperTest.waitForZombie(orphan);
      assertThat(ReaperTest.parentOf(orphan)).isEqualTo(ProcessHandle.current().pid());
      return orphan;
    } finally {
      FileDescriptors.close(pipe.readFd());
    }
  }
}
