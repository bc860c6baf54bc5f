package io.berth.runtime;

import io.berth.api.LogLine;
import io.berth.events.EventSink;
import io.berth.os.ErrnoException;
import io.berth.os.EventLoop;
import io.berth.os.ExitStatus;
import io.berth.os.FileDescriptors;
import io.berth.os.FileTrees;
import io.berth.os.PidFd;
import io.berth.os.Pipes;
import io.berth.os.Reaper;
import io.berth.os.SpawnRequest;
import io.berth.os.Spawner;
import io.berth.runtime.spec.OciProcess;
import io.berth.runtime.spec.OciSpec;
import io.berth.runtime.spec.OciSpecBuilder;
import io.berth.runtime.spec.UserDatabase;
import io.berth.spec.Json;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts processes in running containers with {@code runc exec --detach}: stdout and stderr on
 * FIFOs the agent reads (as a container's own), the notification descriptor on a FIFO too, the pid
 * from runc's pid file. runc exits once the process runs; the process is then the agent's child
 * (the agent is the child subreaper), reaped by the agent's {@link Reaper}. No process stays behind
 * to watch it.
 */
final class TaskSpawner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSpawner.class);
  private static final Map<String, String> RUNC_ENV =
      Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

  private final Runc runc;
  private final EventLoop loop;
  private final Reaper reaper;
  private final EventSink events;
  private final AtomicLong sequence = new AtomicLong();

  TaskSpawner(Runc runc, EventLoop loop, Reaper reaper, EventSink events) {
    this.runc = runc;
    this.loop = loop;
    this.reaper = reaper;
    this.events = events;
  }

  /** The process a task is based on: the container's own, kept aside in pause mode. */
  static OciProcess baseProcess(ContainerDirs dirs) throws IOException {
    if (Files.exists(dirs.mainProcess())) {
      return Json.lenient().readValue(Files.readAllBytes(dirs.mainProcess()), OciProcess.class);
    }
    return OciSpec.parse(Files.readAllBytes(dirs.config())).process();
  }

  TaskHandle spawn(ContainerRecord record, ContainerDirs dirs, Live container, TaskLaunch launch)
      throws IOException {
    OciProcess base = baseProcess(dirs);
    UserDatabase users =
        UserDatabase.parse(
            Exec.read(dirs.rootfs(), "/etc/passwd"), Exec.read(dirs.rootfs(), "/etc/group"));
    OciProcess process;
    try {
      process =
          OciSpecBuilder.execProcess(
              base,
              launch.command() != null ? launch.command() : base.args(),
              launch.env(),
              launch.user(),
              launch.workdir(),
              users,
              record.imageRef());
    } catch (IllegalArgumentException e) {
      throw new ContainerException(ContainerException.Kind.INVALID, e.getMessage(), e);
    }
    String tag = safe(launch.name()) + "-" + sequence.incrementAndGet();
    Path dir = dirs.tasks();
    Files.createDirectories(dir);
    Path processFile = dir.resolve(tag + ".json");
    Path runcLog = dir.resolve(tag + ".log");
    Path pidFile = dir.resolve(tag + ".pid");
    Path out = dir.resolve(tag + ".out");
    Path err = dir.resolve(tag + ".err");
    Path notify = dir.resolve(tag + ".notify");
    Files.write(processFile, Json.lenient().writeValueAsBytes(process));
    Consumer<LogLine> sink = sink(container, launch);
    Pipes.makeFifo(out, 0600);
    Pipes.makeFifo(err, 0600);
    OutputPump outPump = OutputPump.start(loop, Pipes.openReadEnd(out), "stdout", sink);
    OutputPump errPump = OutputPump.start(loop, Pipes.openReadEnd(err), "stderr", sink);
    Notification notification = null;
    List<Path> files =
        List.of(processFile, runcLog, pidFile, out, err, notify, dir.resolve(tag + ".task"));
    TaskHandle handle = null;
    try {
      List<Integer> extra = new ArrayList<>();
      int notifyWrite = -1;
      if (launch.notifyFd() != 0) {
        Pipes.makeFifo(notify, 0600);
        notification = new Notification(Pipes.openReadEnd(notify));
        notifyWrite = Pipes.openWriteEnd(notify);
        for (int fd = 3; fd < launch.notifyFd(); fd++) {
          extra.add(SpawnRequest.DEV_NULL);
        }
        extra.add(notifyWrite);
      }
      int pid =
          runExec(
              record,
              dirs,
              launch,
              processFile,
              runcLog,
              pidFile,
              out,
              err,
              extra,
              notifyWrite,
              process);
      handle = new TaskHandle(record.id(), launch.name(), pid, PidFd.open(pid));
      Files.write(
          dir.resolve(tag + ".task"),
          Json.lenient()
              .writeValueAsBytes(new Saved(launch.name(), pid, startOf(pid), launch.main())));
      if (notification != null) {
        notification.watch(handle);
      }
      TaskHandle started = handle;
      Notification watched = notification;
      container.tasks.add(started);
      if (launch.main()) {
        container.main = started;
      }
      boolean logged = launch.logged();
      reaper
          .watch(pid)
          .whenComplete(
              (status, failure) ->
                  ended(
                      container, started, status, failure, outPump, errPump, watched, files,
                      logged));
      Map<String, String> attributes =
          Map.of("name", record.name(), "task", launch.name(), "pid", Integer.toString(pid));
      if (launch.logged()) {
        events.publish("task.start", record.id(), attributes);
      } else {
        events.notice("task.start", record.id(), attributes); // a check: frequent, not kept
      }
      return started;
    } catch (IOException | RuntimeException e) {
      outPump.drainAndClose();
      errPump.drainAndClose();
      if (notification != null) {
        notification.close();
      }
      deleteQuietly(files);
      throw e;
    }
  }

  private int runExec(
      ContainerRecord record,
      ContainerDirs dirs,
      TaskLaunch launch,
      Path processFile,
      Path runcLog,
      Path pidFile,
      Path out,
      Path err,
      List<Integer> extra,
      int notifyWrite,
      OciProcess process)
      throws IOException {
    int outWrite = Pipes.openWriteEnd(out);
    int errWrite = Pipes.openWriteEnd(err);
    int spawned;
    try {
      List<String> argv = new ArrayList<>(runc.base());
      argv.addAll(
          List.of(
              "--log", runcLog.toString(), "exec", "--detach", "--pid-file", pidFile.toString()));
      if (!extra.isEmpty()) {
        argv.addAll(List.of("--preserve-fds", Integer.toString(extra.size())));
      }
      argv.addAll(List.of("--process", processFile.toString(), record.id()));
      spawned =
          Spawner.spawn(
              SpawnRequest.of(argv)
                  .withEnvironment(RUNC_ENV)
                  .withDirectory(dirs.bundle())
                  .withStdin(SpawnRequest.DEV_NULL)
                  .withStdout(outWrite)
                  .withStderr(errWrite)
                  .withExtraFds(extra));
    } finally {
      FileDescriptors.close(outWrite);
      FileDescriptors.close(errWrite);
      if (notifyWrite >= 0) {
        FileDescriptors.close(notifyWrite);
      }
    }
    ExitStatus status;
    try {
      status = reaper.watch(spawned).get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while runc started " + launch.name(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("runc exec did not finish: " + e.getMessage(), e);
    }
    if (!(status instanceof ExitStatus.Exited(int code)) || code != 0) {
      String why = RuncErrors.read(runcLog);
      ContainerException e = RuncErrors.classify(why, process.args().getFirst());
      if (e.kind() == ContainerException.Kind.INVALID) {
        throw new ContainerException(
            ContainerException.Kind.INVALID,
            "runc could not start %s in container %s: %s"
                .formatted(launch.name(), record.name(), why.isBlank() ? status : why));
      }
      throw e;
    }
    return Integer.parseInt(Files.readString(pidFile).strip());
  }

  private static Consumer<LogLine> sink(Live container, TaskLaunch launch) {
    String mark = launch.main() ? null : "[" + launch.name() + "] ";
    Consumer<LogLine> tap = launch.tap();
    return line -> {
      LogLine logged =
          mark == null
              ? line
              : new LogLine(line.time(), line.stream(), mark + line.text(), line.partial());
      if (launch.logged()) {
        try {
          container.log.append(logged);
        } catch (IOException e) {
          LOG.warn("cannot write to {}: {}", container.log.path(), e.getMessage());
        }
      }
      if (tap != null) {
        try {
          tap.accept(line);
        } catch (RuntimeException e) {
          LOG.warn("a reader of {}'s output failed: {}", launch.name(), e.toString());
        }
      }
    };
  }

  private void ended(
      Live container,
      TaskHandle handle,
      ExitStatus status,
      Throwable failure,
      OutputPump out,
      OutputPump err,
      Notification notification,
      List<Path> files,
      boolean logged) {
    out.drainAndClose();
    err.drainAndClose();
    if (notification != null) {
      notification.read(handle); // a newline written just before the end still counts
      notification.close();
    }
    handle.closePidFd();
    deleteQuietly(files);
    container.tasks.remove(handle);
    if (!handle.ready.isDone()) {
      handle.ready.completeExceptionally(
          new IllegalStateException(handle.name() + " ended before it was ready"));
    }
    if (failure != null) {
      LOG.warn("watching {} failed: {}", handle, failure);
      handle.exit.complete(null);
    } else if (status == null) {
      // a task taken over from a former agent: its status went to whoever inherited it
      events.publish(
          "task.exit", container.id, Map.of("task", handle.name(), "exitCode", "unknown"));
      handle.exit.complete(null);
    } else {
      Map<String, String> attributes = new java.util.LinkedHashMap<>();
      attributes.put("task", handle.name());
      attributes.put("exitCode", Integer.toString(status.shellCode()));
      if (logged) {
        events.publish("task.exit", container.id, attributes);
      } else {
        events.notice("task.exit", container.id, attributes);
      }
      if (handle == container.main && container.reported == null) {
        container.reported = status;
      }
      handle.exit.complete(status);
    }
  }

  private static void deleteQuietly(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.debug("removing {}: {}", file, e.getMessage());
      }
    }
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** The read end of a task's notification FIFO: a newline makes the task ready. */
  private final class Notification {
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(256);
    private EventLoop.Registration registration;
    private boolean closed;

    Notification(int fd) {
      this.fd = fd;
    }

    void watch(TaskHandle handle) throws ErrnoException {
      registration = loop.register(fd, r -> read(handle));
    }

    private synchronized void read(TaskHandle handle) {
      if (closed) {
        return;
      }
      try {
        int n;
        while ((n = FileDescriptors.read(fd, buffer)) > 0) {
          for (int i = 0; i < n; i++) {
            if (buffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) == '\n') {
              handle.ready.complete(null);
            }
          }
        }
      } catch (ErrnoException e) {
        LOG.debug("reading {}'s notification descriptor: {}", handle, e.getMessage());
      }
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (registration != null) {
        registration.unregister();
      }
      try {
        FileDescriptors.close(fd);
      } catch (ErrnoException e) {
        LOG.debug("closing a notification FIFO: {}", e.getMessage());
      }
      arena.close();
    }
  }

  /** What is kept of a running task, so that the next agent can take it over. */
  record Saved(String name, int pid, long start, boolean main) {}

  private static long startOf(int pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().startInstant())
        .map(java.time.Instant::toEpochMilli)
        .orElse(0L);
  }

  /**
   * Takes over the tasks a former agent started in a container it adopts: their output again, and a
   * watch on their end (a pidfd; not this process's children, so how they ended is unknown). A task
   * whose process is gone is forgotten.
   */
  void adopt(ContainerRecord record, ContainerDirs dirs, Live container) {
    List<Path> saved;
    try (var listing = Files.list(dirs.tasks())) {
      saved = listing.filter(p -> p.toString().endsWith(".task")).toList();
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.warn("reading the tasks of {}: {}", record.name(), e.getMessage());
      return;
    }
    for (Path file : saved) {
      String tag = file.getFileName().toString().replaceFirst("\\.task$", "");
      Path dir = dirs.tasks();
      List<Path> files =
          List.of(
              dir.resolve(tag + ".json"),
              dir.resolve(tag + ".log"),
              dir.resolve(tag + ".pid"),
              dir.resolve(tag + ".out"),
              dir.resolve(tag + ".err"),
              dir.resolve(tag + ".notify"),
              file);
      try {
        Saved task = Json.lenient().readValue(Files.readAllBytes(file), Saved.class);
        if (task.start() == 0 || startOf(task.pid()) != task.start()) {
          deleteQuietly(files);
          continue;
        }
        Consumer<LogLine> sink =
            sink(
                container,
                new TaskLaunch(task.name(), null, null, null, null, 0, task.main(), true, null));
        OutputPump out =
            OutputPump.start(loop, Pipes.openReadEnd(dir.resolve(tag + ".out")), "stdout", sink);
        OutputPump err =
            OutputPump.start(loop, Pipes.openReadEnd(dir.resolve(tag + ".err")), "stderr", sink);
        TaskHandle handle =
            new TaskHandle(record.id(), task.name(), task.pid(), PidFd.open(task.pid()));
        handle.ready.complete(null); // it ran before: whatever it had to say, it said
        container.tasks.add(handle);
        if (task.main()) {
          container.main = handle;
        }
        loop.registerOnce(
            handle.pidfdNumber(),
            r ->
                Thread.ofVirtual()
                    .start(
                        () -> ended(container, handle, null, null, out, err, null, files, true)));
        events.publish(
            "task.adopt",
            record.id(),
            Map.of("task", task.name(), "pid", Integer.toString(task.pid())));
      } catch (IOException | RuntimeException e) {
        LOG.warn("taking over task {} of {}: {}", tag, record.name(), e.toString());
      }
    }
  }

  /** Removes what spawned processes of a container left, after the container ended. */
  static void cleanUp(ContainerDirs dirs) {
    try {
      FileTrees.delete(dirs.tasks());
    } catch (IOException e) {
      LOG.debug("removing {}: {}", dirs.tasks(), e.getMessage());
    }
  }
}
