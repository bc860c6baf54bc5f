package io.berth.api;

import io.berth.api.ApiException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Containers in memory. The test writes their output ({@link #emit}) and ends them ({@link #exit});
 * a follow sees both as they happen. Every call is recorded with its arguments, so a test can check
 * what reached the implementation.
 */
public final class FakeContainers implements Containers {
  private final FakeImages images;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Box> boxes = new java.util.LinkedHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> followEnds = new CopyOnWriteArrayList<>();
  private final Map<String, Box> removed = new java.util.HashMap<>();
  private int created;

  FakeContainers(FakeImages images) {
    this.images = images;
    images.inUseWhen(
        ref -> withLock(() -> boxes.values().stream().anyMatch(b -> b.image.equals(ref))));
  }

  /** Every call so far, as {@code method(arg, ...)}. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** How each follow ended: {@code returned}, {@code sink failed: ...} or {@code interrupted}. */
  public List<String> followEnds() {
    return List.copyOf(followEnds);
  }

  /** Appends a line to a container's output. */
  public void emit(String id, String stream, String text) {
    withLock(
        () -> {
          box(id).output.add(new LogLine(Instant.now(), stream, text, false));
          changed.signalAll();
          return null;
        });
  }

  /** Ends a running container with {@code code}. */
  public void exit(String id, int code) {
    withLock(
        () -> {
          Box box = box(id);
          box.state = "exited";
          box.exitCode = code;
          box.finished = Instant.now();
          changed.signalAll();
          return null;
        });
  }

  @Override
  public ContainerDetails create(CreateContainer request, PullProgress progress) {
    calls.add("create(" + request.image() + ", " + request.name() + ")");
    String image = FakeImages.normalise(request.image());
    if (!images.has(image)) {
      images.pull(
          new PullRequest(request.image(), request.platform(), request.tlsVerify()), progress);
    }
    return withLock(
        () -> {
          String name = request.name() == null ? "fake_" + (created + 1) : request.name();
          if (boxes.values().stream().anyMatch(b -> b.name.equals(name))) {
            throw ApiException.conflict("the name '" + name + "' is taken");
          }
          String id = FakeImages.digest("container" + ++created).substring(7);
          Box box = new Box(id, name, image, request);
          boxes.put(id, box);
          if (request.start()) {
            box.state = "running";
            box.started = Instant.now();
          }
          return box.details();
        });
  }

  /**
   * Creates and starts the container, then follows it until the test ends it ({@link #exit});
   * removes it then when it is auto-removed.
   */
  @Override
  public ExitResult run(CreateContainer request, RunWatcher watcher) {
    calls.add("run(" + request.image() + ", " + request.name() + ")");
    ContainerDetails created = create(request, watcher);
    start(created.id());
    watcher.started(withLock(() -> box(created.id()).summary()));
    logs(created.id(), new LogQuery(true, -1, null, false), watcher);
    ExitResult exit = await(created.id(), null, WaitCondition.NOT_RUNNING);
    if (request.autoRemove()) {
      remove(created.id(), false);
    }
    return exit;
  }

  @Override
  public ContainerDetails start(String id) {
    calls.add("start(" + id + ")");
    return withLock(
        () -> {
          Box box = box(id);
          if (box.state.equals("running")) {
            throw ApiException.conflict("container " + box.name + " is already running");
          }
          box.state = "running";
          box.started = Instant.now();
          return box.details();
        });
  }

  @Override
  public List<ContainerSummary> list(boolean all) {
    calls.add("list(" + all + ")");
    return withLock(
        () ->
            boxes.values().stream()
                .filter(b -> all || b.state.equals("running"))
                .map(Box::summary)
                .toList());
  }

  @Override
  public ContainerDetails inspect(String id) {
    ApiException failure = FakeImages.failureFor("inspect", id);
    if (id.startsWith("fail") && failure != null) {
      throw failure;
    }
    return withLock(() -> box(id).details());
  }

  @Override
  public ContainerDetails stop(String id, Duration timeout, boolean noKill) {
    calls.add("stop(" + id + ", " + timeout + ", " + noKill + ")");
    return withLock(
        () -> {
          Box box = box(id);
          if (box.state.equals("running")) {
            box.state = "exited";
            box.exitCode = timeout != null && timeout.isNegative() ? 137 : 143;
            box.finished = Instant.now();
            changed.signalAll();
          }
          return box.details();
        });
  }

  @Override
  public void kill(String id, String signal) {
    calls.add("kill(" + id + ", " + signal + ")");
    withLock(
        () -> {
          Box box = box(id);
          if (!box.state.equals("running")) {
            throw ApiException.conflict("container " + box.name + " is not running");
          }
          return null;
        });
  }

  @Override
  public void remove(String id, boolean force) {
    calls.add("remove(" + id + ", " + force + ")");
    withLock(
        () -> {
          Box box = box(id);
          if (box.state.equals("running") && !force) {
            throw ApiException.conflict(
                "container " + box.name + " is running; stop it first or force the removal");
          }
          boxes.remove(box.id);
          removed.put(box.id, box);
          changed.signalAll();
          return null;
        });
  }

  @Override
  public ExitResult await(String id, Duration timeout, WaitCondition condition) {
    calls.add(
        "await("
            + id
            + ", "
            + timeout
            + (condition == WaitCondition.NOT_RUNNING ? "" : ", " + condition)
            + ")");
    lock.lock();
    try {
      long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
      // A container removed already has met every condition.
      Box box = removed.containsKey(id) ? removed.get(id) : box(id);
      while (box.state.equals("running")
          || box.state.equals("created")
          || (condition == WaitCondition.REMOVED && boxes.containsKey(box.id))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ApiException(
              Kind.CONFLICT,
              "container "
                  + box.name
                  + (box.state.equals("exited")
                      ? " is not removed after "
                      : " is still running after ")
                  + timeout);
        }
        changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
      return new ExitResult(box.exitCode, box.exitCode > 128 ? "SIG" + (box.exitCode - 128) : null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(Kind.UNAVAILABLE, "interrupted while waiting for " + id);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void logs(String id, LogQuery query, LogSink sink) {
    calls.add("logs(" + id + ", " + query + ")");
    record Backlog(List<LogLine> lines, int end) {}
    Backlog backlog =
        withLock(
            () -> {
              List<LogLine> all = box(id).output;
              List<LogLine> lines = new ArrayList<>(all);
              if (query.since() != null) {
                lines.removeIf(l -> l.time().isBefore(query.since()));
              }
              if (query.tail() >= 0 && lines.size() > query.tail()) {
                lines = lines.subList(lines.size() - query.tail(), lines.size());
              }
              return new Backlog(List.copyOf(lines), all.size());
            });
    int sent = backlog.end();
    try {
      for (LogLine line : backlog.lines()) {
        deliver(sink, line);
      }
      while (query.follow()) {
        List<LogLine> fresh;
        lock.lock();
        try {
          Box box = box(id);
          while (box.output.size() == sent && box.state.equals("running")) {
            changed.await();
          }
          fresh = List.copyOf(box.output.subList(sent, box.output.size()));
          sent = box.output.size();
          if (fresh.isEmpty()) {
            break; // exited, and everything was sent
          }
        } finally {
          lock.unlock();
        }
        for (LogLine line : fresh) {
          deliver(sink, line);
        }
      }
      followEnds.add("returned");
    } catch (InterruptedException e) {
      followEnds.add("interrupted");
      Thread.currentThread().interrupt();
      throw new ApiException(Kind.UNAVAILABLE, "interrupted while following " + id);
    }
  }

  private void deliver(LogSink sink, LogLine line) {
    try {
      sink.line(line);
    } catch (RuntimeException e) {
      followEnds.add("sink failed: " + e.getClass().getSimpleName());
      throw e;
    }
  }

  @Override
  public ExitResult exec(String id, ExecRequest request, LogSink output) {
    calls.add("exec(" + id + ", " + request.command() + ")");
    withLock(
        () -> {
          Box box = box(id);
          if (!box.state.equals("running")) {
            throw ApiException.conflict("container " + box.name + " is not running");
          }
          return null;
        });
    List<String> command = request.command();
    for (String arg : command.subList(1, command.size())) {
      output.line(new LogLine(Instant.now(), "stdout", arg, false));
    }
    if (command.getFirst().equals("false")) {
      output.line(new LogLine(Instant.now(), "stderr", "failed", true));
      return new ExitResult(1, null);
    }
    return new ExitResult(0, null);
  }

  @Override
  public List<Change> changes(String id) {
    return withLock(
        () -> {
          Box box = box(id);
          if (!box.request.writable()) {
            throw ApiException.badRequest("container " + box.name + " has a read-only rootfs");
          }
          return List.of(new Change("A", "/tmp/new"), new Change("C", "/etc/hosts"));
        });
  }

  @Override
  public ContainerStats stats(String id) {
    return withLock(
        () -> {
          Box box = box(id);
          return new ContainerStats(
              box.id, box.name, 1_000_000, 4096, box.request.memory(), 1, 0, 0, 0);
        });
  }

  @Override
  public ContainerStatus state(String id) {
    String found = withLock(() -> box(id).id);
    return new ContainerStatus(
        list(true).stream().filter(c -> c.id().equals(found)).findFirst().orElseThrow(), null);
  }

  @Override
  public List<ContainerFile> listFiles(String id, String path) {
    throw noFiles(id);
  }

  @Override
  public byte[] readFile(String id, String path) {
    throw noFiles(id);
  }

  @Override
  public byte[] script(String id) {
    throw noFiles(id);
  }

  @Override
  public byte[] readFile(String id, String directory, int index) {
    throw noFiles(id);
  }

  @Override
  public void archive(String id, java.io.OutputStream out) {
    throw noFiles(id);
  }

  private ApiException noFiles(String id) {
    withLock(() -> box(id));
    return new ApiException(ApiException.Kind.UNAVAILABLE, "a fake container has no files");
  }

  // Called with the lock held.
  private Box box(String idOrName) {
    Box byName =
        boxes.values().stream().filter(b -> b.name.equals(idOrName)).findFirst().orElse(null);
    if (byName != null) {
      return byName;
    }
    List<Box> byId = boxes.values().stream().filter(b -> b.id.startsWith(idOrName)).toList();
    if (byId.size() == 1 && !idOrName.isEmpty()) {
      return byId.getFirst();
    }
    if (byId.size() > 1) {
      throw ApiException.badRequest("'" + idOrName + "' names more than one container");
    }
    throw ApiException.notFound("no container '" + idOrName + "'");
  }

  private <T> T withLock(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private static final class Box {
    final String id;
    final String name;
    final String image;
    final CreateContainer request;
    final Instant created = Instant.parse("2025-06-01T12:00:00Z");
    final List<LogLine> output = new ArrayList<>();
    String state = "created";
    int exitCode;
    Instant started;
    Instant finished;

    Box(String id, String name, String image, CreateContainer request) {
      this.id = id;
      this.name = name;
      this.image = image;
      this.request = request;
    }

    ContainerSummary summary() {
      return new ContainerSummary(
          id,
          name,
          image,
          FakeImages.digest(image),
          String.join(" ", request.command() == null ? List.of("sh") : request.command()),
          state,
          state.equals("exited") ? exitCode : null,
          created,
          started,
          finished,
          state.equals("running") ? 4242 : 0);
    }

    ContainerDetails details() {
      return new ContainerDetails(
          summary(),
          request.command() == null ? List.of("sh") : request.command(),
          List.of("PATH=/usr/bin:/bin"),
          request.user(),
          request.workdir() == null ? "/" : request.workdir(),
          request.hostname() == null ? id.substring(0, 12) : request.hostname(),
          request.writable(),
          request.network() == null ? "none" : request.network(),
          request.mounts(),
          request.labels(),
          request.autoRemove(),
          "/var/lib/berth/containers/" + id,
          "/var/lib/berth/containers/" + id + "/rootfs",
          "/var/lib/berth/logs/" + id + ".log",
          null);
    }
  }
}
