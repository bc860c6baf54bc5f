package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reaper as the agent uses it: the JVM a subreaper, orphaned grandchildren reparented to it and
 * reaped through their pidfds.
 */
class ReaperTest {
  private static final String BUSYBOX = "/bin/busybox";

  private boolean wasSubreaper;
  private long openBefore;
  private EventLoop loop;
  private Reaper reaper;

  @BeforeEach
  void start() throws Exception {
    wasSubreaper = Subreaper.isEnabled();
    Subreaper.enable();
    openBefore = OpenFiles.ours(null);
    loop = EventLoop.start("reaper-test");
    reaper = new Reaper(loop);
  }

  @AfterEach
  void stop() throws Exception {
    reaper.close();
    loop.close();
    if (!wasSubreaper) {
      Subreaper.disable();
    }
    assertThat(OpenFiles.ours(null)).as("descriptors left open").isEqualTo(openBefore);
  }

  @Test
  void watch_grandchildOrphanedToTheSubreaper_reportsItsExit() throws Exception {
    int grandchild = orphan("sleep 1; exit 5");

    assertThat(parentOf(grandchild)).isEqualTo(ProcessHandle.current().pid());
    ExitStatus status = reaper.watch(grandchild).get(10, TimeUnit.SECONDS);

    assertThat(status).isEqualTo(ExitStatus.exited(5));
    assertThat(ProcessHandle.of(grandchild)).isEmpty();
  }

  @Test
  void watch_grandchildKilled_reportsTheSignal() throws Exception {
    int grandchild = orphan("exec " + BUSYBOX + " sleep 30");
    CompletableFuture<ExitStatus> exit = reaper.watch(grandchild);

    Processes.kill(grandchild, Signals.SIGKILL);

    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(Signals.SIGKILL, false));
  }

  @Test
  void watch_alreadyEnded_completesAtOnce() throws Exception {
    int pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "true"));
    waitForZombie(pid);

    assertThat(reaper.watch(pid).get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
  }

  @Test
  void watch_samePidTwice_returnsTheSameFuture() throws Exception {
    int pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "sleep", "30"));
    CompletableFuture<ExitStatus> first = reaper.watch(pid);

    assertThat(reaper.watch(pid)).isSameAs(first);
    assertThat(reaper.isWatched(pid)).isTrue();

    Processes.kill(pid, Signals.SIGKILL);
    first.get(10, TimeUnit.SECONDS);
    assertThat(reaper.isWatched(pid)).isFalse();
  }

  @Test
  void watch_notAChild_failsWithECHILD() {
    assertThatThrownBy(() -> reaper.watch(1))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ECHILD))
        .hasMessageContaining("not a child of ours");
    assertThat(reaper.watched()).isEmpty();
  }

  @Test
  void watch_noSuchProcess_failsWithESRCH() throws Exception {
    int pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "true"));
    reaper.watch(pid).get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> reaper.watch(pid))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
  }

  @Test
  void close_pendingWatch_failsTheFutureAndClosesThePidfd() throws Exception {
    int pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "sleep", "30"));
    CompletableFuture<ExitStatus> exit = reaper.watch(pid);
    try {
      reaper.close();

      assertThatThrownBy(() -> exit.get(5, TimeUnit.SECONDS))
          .isInstanceOf(CancellationException.class)
          .hasRootCauseMessage("stopped watching pid " + pid + ": the reaper is closed");
      assertThat(loop.registrations()).isZero();
      assertThatThrownBy(() -> reaper.watch(pid)).isInstanceOf(IllegalStateException.class);
    } finally {
      Processes.kill(pid, Signals.SIGKILL);
      waitForZombie(pid);
      assertThat(Processes.reap(pid)).contains(ExitStatus.killed(Signals.SIGKILL, false));
    }
  }

  @Test
  void reap_jdkChildNeverWatched_jdkStillReportsItsExitCode() throws Exception {
    int pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "sleep", "0.2"));
    CompletableFuture<ExitStatus> ours = reaper.watch(pid);
    Process jdk = new ProcessBuilder(BUSYBOX, "sh", "-c", "sleep 0.3; exit 42").start();

    assertThat(jdk.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(jdk.exitValue()).isEqualTo(42);
    assertThat(ours.get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
  }

  /**
   * Runs {@code script} in the background of a shell that prints its pid and exits at once, so the
   * background process is orphaned and reparented to this JVM; returns its pid.
   */
  private int orphan(String script) throws Exception {
    Pipe pipe = Pipes.pipe(Fcntl.O_CLOEXEC);
    try {
      int shell;
      try {
        shell =
            Spawner.spawn(
                SpawnRequest.of(BUSYBOX, "sh", "-c", "(" + script + ") >/dev/null & echo $!")
                    .withStdout(pipe.writeFd()));
      } finally {
        FileDescriptors.close(pipe.writeFd());
      }
      assertThat(reaper.watch(shell).get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
      byte[] buffer = new byte[32];
      int n = FileDescriptors.read(pipe.readFd(), buffer, 0, buffer.length);
      return Integer.parseInt(new String(buffer, 0, n, StandardCharsets.US_ASCII).strip());
    } finally {
      FileDescriptors.close(pipe.readFd());
    }
  }

  static long parentOf(int pid) {
    return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElseThrow().pid();
  }

  static void waitForZombie(int pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (ProcStat.state(pid) == 'Z') {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("pid " + pid + " did not become a zombie within 10 s");
  }
}
