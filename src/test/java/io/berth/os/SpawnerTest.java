package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Processes started by posix_spawn, their output read through the event loop, reaped by pidfd. */
class SpawnerTest {
  private static final String BUSYBOX = "/bin/busybox";

  private Path dir;
  private long openBefore;
  private EventLoop loop;
  private Reaper reaper;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("berth-spawn");
    openBefore = OpenFiles.ours(dir);
    loop = EventLoop.start("spawner-test");
    reaper = new Reaper(loop);
  }

  @AfterEach
  void stop() throws Exception {
    reaper.close();
    loop.close();
    assertThat(OpenFiles.ours(dir)).as("descriptors left open").isEqualTo(openBefore);
    FileTrees.delete(dir);
  }

  @Test
  void spawn_outputOnReadWriteFifos_isReadThroughTheLoopAndTheExitCodeReaped() throws Exception {
    Path outFifo = dir.resolve("stdout");
    Path errFifo = dir.resolve("stderr");
    Pipes.makeFifo(outFifo, 0600);
    Pipes.makeFifo(errFifo, 0600);
    int outReader = Pipes.openReadEnd(outFifo);
    int errReader = Pipes.openReadEnd(errFifo);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    EventLoop.Registration outRegistration = loop.register(outReader, r -> drain(r.fd(), out));
    EventLoop.Registration errRegistration = loop.register(errReader, r -> drain(r.fd(), err));
    try {
      int outWriter = Pipes.openWriteEnd(outFifo);
      int errWriter = Pipes.openWriteEnd(errFifo);
      int pid;
      try {
        pid =
            Spawner.spawn(
                SpawnRequest.of(BUSYBOX, "sh", "-c", "echo out; echo err >&2; exit 3")
                    .withStdout(outWriter)
                    .withStderr(errWriter));
      } finally {
        FileDescriptors.close(outWriter);
        FileDescriptors.close(errWriter);
      }

      ExitStatus status = reaper.watch(pid).get(10, TimeUnit.SECONDS);

      assertThat(status).isEqualTo(ExitStatus.exited(3));
      awaitText(out, "out\n");
      awaitText(err, "err\n");
      assertThat(reaper.watched()).isEmpty();
    } finally {
      outRegistration.unregister();
      errRegistration.unregister();
      FileDescriptors.close(outReader);
      FileDescriptors.close(errReader);
    }
  }

  @Test
  void spawn_killedBySignal_reportsTheSignal() throws Exception {
    int pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "sleep", "30"));
    var exit = reaper.watch(pid);

    Processes.kill(pid, Signals.SIGTERM);

    ExitStatus status = exit.get(10, TimeUnit.SECONDS);
    assertThat(status).isEqualTo(ExitStatus.killed(Signals.SIGTERM, false));
    assertThat(status.shellCode()).isEqualTo(143);
  }

  @Test
  void spawn_signalledThroughItsPidfd_reportsTheSignal() throws Exception {
    int pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "sleep", "30"));
    var exit = reaper.watch(pid);
    try (PidFd pidfd = PidFd.open(pid)) {
      pidfd.sendSignal(Signals.SIGKILL);

      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(9, false));
      assertThatThrownBy(() -> pidfd.sendSignal(Signals.SIGKILL))
          .isInstanceOfSatisfying(
              ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
    }
  }

  @Test
  void spawn_fromTheJvm_childStartsWithNoBlockedOrIgnoredSignals() throws Exception {
    String status = runForOutput(SpawnRequest.of(BUSYBOX, "cat", "/proc/self/status"));

    assertThat(status).containsPattern("(?m)^SigBlk:\\s+0+$");
    assertThat(status).containsPattern("(?m)^SigIgn:\\s+0+$");
  }

  @Test
  void spawn_environmentAndDirectory_areExactlyTheGivenOnes() throws Exception {
    Files.createDirectory(dir.resolve("work"));

    String output =
        runForOutput(
            SpawnRequest.of(BUSYBOX, "sh", "-c", "echo \"$PWD|$FOO|$HOME\"; env")
                .withEnvironment(Map.of("FOO", "bar baz"))
                .withDirectory(dir.resolve("work")));

    List<String> lines = output.lines().toList();
    assertThat(lines.getFirst()).isEqualTo(dir.resolve("work") + "|bar baz|");
    assertThat(lines.subList(1, lines.size()))
        .filteredOn(line -> !line.matches("(PWD|SHLVL|PATH|_)=.*")) // the shell's own
        .containsExactly("FOO=bar baz");
  }

  @Test
  void spawn_openDescriptorsWithoutCloseOnExec_childGetsOnlyItsThreeStandardOnes()
      throws Exception {
    int leaky = FileDescriptors.open(dir, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY); // no O_CLOEXEC
    Pipe pipe = Pipes.pipe(Fcntl.O_CLOEXEC);
    int pid;
    try {
      pid = Spawner.spawn(SpawnRequest.of(BUSYBOX, "sleep", "30").withStdout(pipe.writeFd()));
    } finally {
      FileDescriptors.close(leaky);
      pipe.close();
    }
    var exit = reaper.watch(pid);
    try {
      Path fds = Path.of("/proc/" + pid + "/fd");
      try (var entries = Files.list(fds)) {
        assertThat(entries.map(p -> p.getFileName().toString()).sorted())
            .containsExactly("0", "1", "2");
      }
      assertThat(Files.readSymbolicLink(fds.resolve("0"))).hasToString("/dev/null");
      assertThat(Files.readSymbolicLink(fds.resolve("1")).toString()).startsWith("pipe:[");
      assertThat(Files.readSymbolicLink(fds.resolve("2"))).hasToString("/dev/null");
    } finally {
      Processes.kill(pid, Signals.SIGKILL);
      exit.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void spawn_newProcessGroup_childLeadsItsOwnGroup() throws Exception {
    String output =
        runForOutput(
            SpawnRequest.of(BUSYBOX, "sh", "-c", "echo $$; cut -d' ' -f5 /proc/$$/stat")
                .withNewProcessGroup(true));
    String[] lines = output.split("\n");
    assertThat(lines[1]).isEqualTo(lines[0]);

    String inherited =
        runForOutput(SpawnRequest.of(BUSYBOX, "sh", "-c", "cut -d' ' -f5 /proc/$$/stat"));
    assertThat(inherited.strip()).isEqualTo(Long.toString(jvmProcessGroup()));
  }

  @Test
  void spawn_programNameWithoutSlash_isSearchedInThisProcessPath() throws Exception {
    String output = runForOutput(SpawnRequest.of("busybox", "echo", "found"));

    assertThat(output).isEqualTo("found\n");
  }

  @Test
  void spawn_missingProgram_failsWithENOENTAndLeavesNoChild() throws Exception {
    long children = ProcessHandle.current().children().count();

    assertThatThrownBy(() -> Spawner.spawn(SpawnRequest.of(dir.resolve("nope").toString())))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
        .hasMessageContaining("posix_spawn(" + dir.resolve("nope") + ")");
    assertThatThrownBy(
            () -> Spawner.spawn(SpawnRequest.of(BUSYBOX).withDirectory(dir.resolve("absent"))))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
  }

  @Test
  void spawnRequest_badValues_areRefused() {
    assertThatThrownBy(() -> SpawnRequest.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpawnRequest.of("x").withEnvironment(List.of("NOVALUE")))
        .hasMessageContaining("'NOVALUE' is not NAME=value");
    assertThatThrownBy(() -> SpawnRequest.of("x").withStdout(2))
        .hasMessageContaining("stdout must be DEV_NULL, 1, or a descriptor from 3 up, not 2");
    assertThatThrownBy(() -> SpawnRequest.of("x").withDirectory(Path.of("relative")))
        .hasMessageContaining("not absolute");
    assertThatThrownBy(() -> SpawnRequest.of("a\0b")).hasMessageContaining("contains NUL");
  }

  /** Runs the request with stdout on a pipe and returns what it wrote, once it exited 0. */
  @Test
  void spawn_extraDescriptors_becomeThreeFourAndSoOn_andNothingElseLeaks() throws Exception {
    Pipe notify = Pipes.pipe(Fcntl.O_CLOEXEC);
    try {
      // fd 3 is /dev/null, fd 4 the pipe; the script writes to 4 and lists what it has open
      String listing =
          runForOutput(
              SpawnRequest.of(
                      BUSYBOX,
                      "sh",
                      "-c",
                      "echo ready >&4; ls /proc/self/fd; readlink /proc/self/fd/3")
                  .withExtraFds(java.util.List.of(SpawnRequest.DEV_NULL, notify.writeFd())));
      FileDescriptors.close(notify.writeFd());
      byte[] buffer = new byte[64];
      int n = FileDescriptors.read(notify.readFd(), buffer, 0, buffer.length);
      assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).isEqualTo("ready\n");
      // 0-2, 3 and 4, and the directory ls reads (sh's own numbers may sit above)
      assertThat(listing.lines().filter(l -> l.matches("\\d+")).map(Integer::parseInt).toList())
          .contains(0, 1, 2, 3, 4)
          .allMatch(fd -> fd <= 5);
      assertThat(listing).contains("/dev/null");
    } finally {
      FileDescriptors.close(notify.readFd());
    }
  }

  private String runForOutput(SpawnRequest request) throws Exception {
    Pipe pipe = Pipes.pipe(Fcntl.O_CLOEXEC);
    try {
      int pid;
      try {
        pid = Spawner.spawn(request.withStdout(pipe.writeFd()));
      } finally {
        FileDescriptors.close(pipe.writeFd()); // the child has its own copy
      }
      assertThat(reaper.watch(pid).get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = FileDescriptors.read(pipe.readFd(), buffer, 0, buffer.length)) > 0) {
        out.write(buffer, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      FileDescriptors.close(pipe.readFd());
    }
  }

  private static long jvmProcessGroup() throws Exception {
    String stat = Files.readAllLines(Path.of("/proc/self/stat")).getFirst();
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
  }

  private static void drain(int fd, ByteArrayOutputStream sink) {
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = FileDescriptors.read(fd, buffer, 0, buffer.length)) > 0) {
        synchronized (sink) {
          sink.write(buffer, 0, n);
        }
      }
    } catch (ErrnoException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitText(ByteArrayOutputStream sink, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String text;
    do {
      synchronized (sink) {
        text = sink.toString(StandardCharsets.UTF_8);
      }
      if (text.equals(expected)) {
        return;
      }
      Thread.sleep(10);
    } while (System.nanoTime() < deadline);
    assertThat(text).isEqualTo(expected);
  }
}
