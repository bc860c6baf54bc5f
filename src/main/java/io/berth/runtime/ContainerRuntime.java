package io.berth.runtime;

import io.berth.api.Change;
import io.berth.api.LogLine;
import io.berth.api.LogQuery;
import io.berth.events.EventSink;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.image.oci.ImageConfig;
import io.berth.os.Errno;
import io.berth.os.ErrnoException;
import io.berth.os.EventLoop;
import io.berth.os.ExitStatus;
import io.berth.os.FileDescriptors;
import io.berth.os.FileTrees;
import io.berth.os.Mounts;
import io.berth.os.Overlay;
import io.berth.os.OverlaySpec;
import io.berth.os.PidFd;
import io.berth.os.Pipes;
import io.berth.os.Reaper;
import io.berth.os.Signals;
import io.berth.os.SpawnRequest;
import io.berth.os.Spawner;
import io.berth.runtime.spec.ContainerRequest;
import io.berth.runtime.spec.GeneratedFiles;
import io.berth.runtime.spec.OciSpec;
import io.berth.runtime.spec.OciSpecBuilder;
import io.berth.runtime.spec.UserDatabase;
import io.berth.spec.ContainerSpec;
import io.berth.spec.ImageRef;
import io.berth.spec.Json;
import io.berth.spec.MountSpec;
import io.berth.store.Database;
import io.berth.store.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers through runc, with no helper process per container: this process spawns {@code runc
 * create} with the container's stdout and stderr on FIFOs it holds, becomes the parent of the
 * container's init once runc exits (it is the child subreaper), reaps the init itself, and pumps
 * the output into the container's log. When the init ends, the runtime records how, tears down what
 * the container used (runc state, cgroup, mounts, FIFOs) and keeps the record, the log and a
 * writable container's upper layer until the container is removed.
 */
public final class ContainerRuntime implements AutoCloseable {
  public static final Schema SCHEMA = SqliteContainerStore.SCHEMA;
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);
  private static final int RECENT_EXITS = 256;

  /** How long a container's end waits for the last of its processes to leave its cgroup. */
  private static final Duration CGROUP_PATIENCE = Duration.ofSeconds(10);

  private final RuntimeSettings settings;
  private final ContainerStore store;
  private final ImageService images;
  private final EventSink events;
  private final Runc runc;
  private final EventLoop loop;
  private final Reaper reaper;
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

  /** Containers a user stopped or removed: their end does not restart them. */
  private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();

  /** Restarts so far, by container, and the quick ends in a row that set the next wait. */
  private final Map<String, Integer> restarts = new ConcurrentHashMap<>();

  private final Map<String, Integer> quickEnds = new ConcurrentHashMap<>();

  /** Waits out the delay before a permanent container's restart; stopped first on close. */
  private final java.util.concurrent.ScheduledExecutorService restarter =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("berth-restarter").factory());

  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> removals = new ConcurrentHashMap<>();

  /** Containers whose root is still being torn down after their end ({@link #tearDownRoot}). */
  private final Map<String, CompletableFuture<Void>> teardowns = new ConcurrentHashMap<>();

  private final AtomicLong discarded = new AtomicLong();
  private final Map<String, ExitRecord> recentExits =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ExitRecord> eldest) {
              return size() > RECENT_EXITS;
            }
          });
  private final String self = Supervisors.self();
  private final boolean supervisor;
  private final TaskSpawner tasks;

  private ContainerRuntime(
      RuntimeSettings settings,
      ContainerStore store,
      ImageService images,
      EventSink events,
      EventLoop loop,
      boolean supervisor) {
    this.settings = settings;
    this.store = store;
    this.images = images;
    this.events = events;
    this.runc = new Runc(settings.runc(), settings.runcRoot());
    this.loop = loop;
    this.reaper = loop == null ? null : new Reaper(loop, background);
    this.supervisor = supervisor;
    this.tasks = loop == null ? null : new TaskSpawner(runc, loop, reaper, events);
  }

  /**
   * Opens the runtime. A supervisor (the agent, or a CLI running one container in the foreground)
   * starts the event loop that watches processes and output; others only read the store and remove
   * what no one supervises.
   */
  public static ContainerRuntime open(
      RuntimeSettings settings,
      Database database,
      ImageService images,
      EventSink events,
      boolean supervisor)
      throws IOException {
    Files.createDirectories(settings.containers());
    Files.createDirectories(settings.logs());
    EventLoop loop = supervisor ? EventLoop.start("berth-events") : null;
    if (supervisor) {
      Files.createDirectories(settings.runcRoot());
      Files.createDirectories(settings.fifos());
      Files.setPosixFilePermissions(
          settings.fifos(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
    return new ContainerRuntime(
        settings, new SqliteContainerStore(database), images, events, loop, supervisor);
  }

  // ---------------------------------------------------------------- queries

  public List<ContainerRecord> list() throws IOException {
    return store.list();
  }

  /** A container by id, unique id prefix or name. */
  public ContainerRecord find(String idOrName) throws IOException {
    List<ContainerRecord> found = store.find(idOrName);
    if (found.isEmpty()) {
      throw new ContainerException(
          ContainerException.Kind.NOT_FOUND, "no container '%s'".formatted(idOrName));
    }
    if (found.size() > 1) {
      throw new ContainerException(
          ContainerException.Kind.INVALID,
          "'%s' matches %d containers; give more of the id".formatted(idOrName, found.size()));
    }
    return found.getFirst();
  }

  /** Whether a container still uses the image (so it must not be removed under it). */
  public boolean usesImage(Image image) throws IOException {
    return store.usesImage(image.manifestDigest().toString());
  }

  public Path bundle(ContainerRecord record) {
    return ContainerDirs.of(settings, record.id()).bundle();
  }

  public Path logPath(ContainerRecord record) {
    return settings.logs().resolve(record.id() + ".log");
  }

  /** runc's view of the container, when runc knows it. */
  public Optional<String> runtimeState(ContainerRecord record) throws IOException {
    if (!supervisor && !Files.isDirectory(settings.runcRoot())) {
      return Optional.empty();
    }
    Runc.Result result = runc.run("state", record.id());
    return result.exitCode() == 0 ? Optional.of(result.stdout()) : Optional.empty();
  }

  // ---------------------------------------------------------------- create

  /**
   * Creates a container from {@code image}: root filesystem, bundle, {@code runc create}. Nothing
   * is left behind when any step fails.
   */
  public ContainerRecord create(ContainerSpec spec, Image image, ImageRef ref) throws IOException {
    return create(spec, image, ref, Init.COMMAND);
  }

  /** What a container's PID 1 is. */
  public enum Init {
    /** The container's command (after tini, for {@code init}). */
    COMMAND,
    /**
     * catatonit, waiting: the container's command and every other process are started with {@link
     * #spawn} (a service's tasks), and the container outlives each of them.
     */
    PAUSE
  }

  /**
   * Creates a container: mounts its root filesystem, writes its bundle and runs {@code runc
   * create}; {@link #start} starts its PID 1, {@code init}.
   */
  public ContainerRecord create(ContainerSpec spec, Image image, ImageRef ref, Init init)
      throws IOException {
    return create(spec, image, ref, init, false, false, null).record();
  }

  /**
   * Creates a container running its command; with {@code start}, starts it in the same step ({@code
   * runc run --detach}: one runc process instead of two).
   */
  public ContainerRecord create(ContainerSpec spec, Image image, ImageRef ref, boolean start)
      throws IOException {
    return create(spec, image, ref, start, null);
  }

  /**
   * As {@link #create(ContainerSpec, Image, ImageRef, boolean)}, with files placed in the container
   * before it starts.
   *
   * @param seed a tar of files for the container's writable layer (what a script and a data archive
   *     become), unpacked with an image layer's rules, or null; a hostile one is refused as {@link
   *     ContainerException.Kind#INVALID} and nothing is left
   */
  public ContainerRecord create(
      ContainerSpec spec, Image image, ImageRef ref, boolean start, Path seed) throws IOException {
    return create(spec, image, ref, Init.COMMAND, start, false, seed).record();
  }

  /**
   * Creates and starts a container, as {@link #create} with start, and follows its output from the
   * first byte: the follower is in place before the process runs. Close it when done.
   */
  public Attached run(ContainerSpec spec, Image image, ImageRef ref) throws IOException {
    return run(spec, image, ref, null);
  }

  /** As {@link #run(ContainerSpec, Image, ImageRef)}, with a seed as {@link #create} takes. */
  public Attached run(ContainerSpec spec, Image image, ImageRef ref, Path seed) throws IOException {
    return create(spec, image, ref, Init.COMMAND, true, true, seed);
  }

  /** A container just started, and its output as it comes. */
  public record Attached(ContainerRecord record, LogFile.Follower output) {}

  /** Nothing is left behind when any step fails. */
  private Attached create(
      ContainerSpec spec,
      Image image,
      ImageRef ref,
      Init init,
      boolean start,
      boolean attach,
      Path seed)
      throws IOException {
    requireSupervisor();
    if (init == Init.PAUSE && !Files.isExecutable(settings.pause())) {
      throw new ContainerException(
          ContainerException.Kind.INVALID,
          "%s is missing: a service with tasks needs catatonit (apt-get install catatonit)"
              .formatted(settings.pause()));
    }
    ImageConfig imageConfig = ImageConfig.parse(images.config(image));
    String id = Names.newId();
    String name = spec.name() != null ? spec.name() : Names.newName();
    ContainerRecord record =
        new ContainerRecord(
            id,
            name,
            spec,
            ref.toString(),
            image.manifestDigest(),
            List.of(),
            ContainerState.CREATING,
            0,
            null,
            null,
            Instant.now(),
            null,
            null,
            self);
    store.add(record);
    ContainerDirs dirs = ContainerDirs.of(settings, id);
    Live container =
        new Live(id, new LogFile(logPath(record), settings.logMaxBytes(), settings.logFiles()));
    LogFile.Follower output = attach ? container.log.follow() : null;
    boolean runcCreated = false;
    // Until the record says how it started: a container that ends at once waits here to be
    // recorded as ended, after that.
    container.lock.lock();
    try {
      OciSpec oci =
          prepareBundle(
              id,
              init == Init.PAUSE ? spec.withInit(false) : spec,
              imageConfig,
              ref,
              image,
              dirs,
              seed);
      List<String> command = oci.process().args();
      if (init == Init.PAUSE) {
        Files.write(dirs.mainProcess(), Json.lenient().writeValueAsBytes(oci.process()));
        oci = OciSpecBuilder.paused(oci, settings.pause());
      }
      Files.write(dirs.config(), oci.toJson());
      live.put(id, container);
      runcCreated = true;
      Instant launched = Instant.now(); // with start, no later than the process's first output
      int pid = launch(container, dirs, oci.process().args().getFirst(), start);
      record = store.get(id).orElseThrow().created(pid, command);
      if (start) {
        record = record.running(pid, launched);
      }
      store.update(record);
      events.publish("container.create", id, Map.of("name", name, "image", ref.toString()));
      if (start) {
        events.publish("container.start", id, Map.of("name", name));
      }
      return new Attached(record, output);
    } catch (IOException | RuntimeException e) {
      if (output != null) {
        output.close();
      }
      live.remove(id);
      closeQuietly(container);
      destroy(record, dirs, runcCreated, true);
      try {
        FileTrees.delete(dirs.bundle());
        container.log.delete();
        store.remove(id);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    } finally {
      container.lock.unlock();
    }
  }

  /**
   * Makes the container's bundle but for its config.json: the directories, the root filesystem
   * mounted from the image's layers (over {@code seed} unpacked into the upper layer, if any), the
   * generated /etc files; returns the runtime spec. For a first start and a restart alike.
   */
  private OciSpec prepareBundle(
      String id,
      ContainerSpec spec,
      ImageConfig imageConfig,
      ImageRef ref,
      Image image,
      ContainerDirs dirs,
      Path seed)
      throws IOException {
    prepareDirectories(dirs);
    List<Path> layers = images.layerPaths(image);
    if (seed != null) {
      SeedLayer.unpack(seed, dirs.upper(), layers);
    }
    mountRootfs(dirs, layers);
    String hostname = spec.hostname() != null ? spec.hostname() : id.substring(0, 12);
    HostFiles.write(dirs.etc(), spec.network(), hostname);
    return buildSpec(id, spec, imageConfig, ref, image, dirs);
  }

  private void prepareDirectories(ContainerDirs dirs) throws IOException {
    Files.createDirectories(dirs.rootfs());
    Files.createDirectories(dirs.upper());
    Files.createDirectories(dirs.work());
    Files.createDirectories(dirs.fifos());
  }

  private static void mountRootfs(ContainerDirs dirs, List<Path> layersBottomFirst)
      throws IOException {
    // Always with an upper directory, so runc can create mount points in an image that lacks
    // them; runc then makes the root read-only unless the container is writable.
    OverlaySpec overlay =
        OverlaySpec.writable(layersBottomFirst.reversed(), dirs.upper(), dirs.work());
    Overlay.mount(overlay, dirs.rootfs());
  }

  private OciSpec buildSpec(
      String id,
      ContainerSpec spec,
      ImageConfig imageConfig,
      ImageRef ref,
      Image image,
      ContainerDirs dirs)
      throws IOException {
    UserDatabase users =
        UserDatabase.parse(
            readInRoot(dirs.rootfs(), "/etc/passwd"), readInRoot(dirs.rootfs(), "/etc/group"));
    try {
      return OciSpecBuilder.build(
          new ContainerRequest(
              id,
              spec,
              imageConfig,
              ref,
              image.manifestDigest(),
              dirs.rootfs(),
              GeneratedFiles.in(dirs.etc()),
              users),
          HostFactsProbe.facts(settings.tini()));
    } catch (IllegalArgumentException e) {
      throw new ContainerException(ContainerException.Kind.INVALID, e.getMessage(), e);
    }
  }

  /** A file of the image, read without following links out of its root; null when absent. */
  private static String readInRoot(Path root, String path) throws IOException {
    try {
      return new String(io.berth.os.RootedFiles.read(root, path, 4 << 20), StandardCharsets.UTF_8);
    } catch (ErrnoException e) {
      if (e.errno() == io.berth.os.Errno.ENOENT) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Creates (and with {@code start} starts) the container's process through runc and watches for
   * its end, which {@link #onExit} handles; returns the init's pid. Called with the container's
   * lock held.
   */
  private int launch(Live container, ContainerDirs dirs, String command, boolean start)
      throws IOException {
    int pid = runcCreate(container, dirs, command, start);
    container.pid = pid;
    // An init that already ended is a zombie child of ours until we reap it: both still work.
    container.pidfd = PidFd.open(pid);
    // Never on this thread, which holds the lock the end must wait for (a future that is
    // complete already would run the action right here).
    reaper
        .watch(pid)
        .whenCompleteAsync((status, failure) -> onExit(container, status, failure), background);
    return pid;
  }

  /**
   * Spawns {@code runc create} (or {@code runc run --detach} to start it too) with the container's
   * stdio on its FIFOs and waits for it; returns the container init's pid.
   */
  private int runcCreate(Live container, ContainerDirs dirs, String command, boolean start)
      throws IOException {
    Pipes.makeFifo(dirs.stdout(), 0600);
    Pipes.makeFifo(dirs.stderr(), 0600);
    int outRead = Pipes.openReadEnd(dirs.stdout());
    int errRead = Pipes.openReadEnd(dirs.stderr());
    container.stdout = OutputPump.start(loop, outRead, "stdout", container.log);
    container.stderr = OutputPump.start(loop, errRead, "stderr", container.log);
    int outWrite = Pipes.openWriteEnd(dirs.stdout());
    int errWrite = Pipes.openWriteEnd(dirs.stderr());
    int spawned;
    try {
      List<String> argv = new ArrayList<>(runc.base());
      argv.addAll(List.of("--log", dirs.runcLog().toString()));
      argv.addAll(start ? List.of("run", "--detach") : List.of("create"));
      argv.addAll(
          List.of(
              "--bundle",
              dirs.bundle().toString(),
              "--pid-file",
              dirs.pidFile().toString(),
              container.id));
      spawned =
          Spawner.spawn(
              SpawnRequest.of(argv)
                  .withEnvironment(
                      Map.of(
                          "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
                  .withDirectory(dirs.bundle())
                  .withStdin(SpawnRequest.DEV_NULL)
                  .withStdout(outWrite)
                  .withStderr(errWrite));
    } finally {
      FileDescriptors.close(outWrite);
      FileDescriptors.close(errWrite);
    }
    ExitStatus created;
    try {
      created = reaper.watch(spawned).get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while runc created the container", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("runc create did not finish: " + e.getMessage(), e);
    }
    if (!(created instanceof ExitStatus.Exited(int code)) || code != 0) {
      throw RuncErrors.classify(RuncErrors.read(dirs.runcLog()), command);
    }
    return Integer.parseInt(Files.readString(dirs.pidFile()).strip());
  }

  // ---------------------------------------------------------------- lifecycle

  public ContainerRecord start(String idOrName) throws IOException {
    ContainerRecord record = find(idOrName);
    Live container = supervised(record);
    container.lock.lock();
    try {
      record = store.get(record.id()).orElseThrow();
      if (record.state() != ContainerState.CREATED) {
        throw new ContainerException(
            ContainerException.Kind.CONFLICT,
            "container %s is %s, not created: it cannot be started"
                .formatted(record.name(), record.state().label()));
      }
      runc.start(record.id());
      record = record.running(container.pid, Instant.now());
      store.update(record);
    } finally {
      container.lock.unlock();
    }
    events.publish("container.start", record.id(), Map.of("name", record.name()));
    return record;
  }

  /**
   * Stops a container: its stop signal, then KILL after {@code timeout} (at once when negative);
   * with {@code noKill} only the signal, and no wait.
   */
  public ContainerRecord stop(String idOrName, Duration timeout, boolean noKill)
      throws IOException {
    ContainerRecord record = find(idOrName);
    stopRequested.add(record.id()); // a permanent container stays stopped, even between restarts
    if (!record.state().isActive()) {
      return record;
    }
    Live container = supervised(record);
    Duration wait = timeout == null ? settings.defaultStopTimeout() : timeout;
    int signal = wait.isNegative() ? Signals.SIGKILL : stopSignal(record);
    events.publish("container.stop", record.id(), Map.of("signal", Signals.name(signal)));
    TaskHandle main = container.runningMain();
    if (main != null) {
      // The main process first, by the same rules; then the container's catatonit, which takes
      // every process left with it.
      main.signal(signal);
      if (noKill) {
        return store.get(record.id()).orElse(record);
      }
      if (signal != Signals.SIGKILL && !awaitTask(main, wait)) {
        main.signal(Signals.SIGKILL);
      }
      awaitTask(main, Duration.ofSeconds(30));
      signal(container, Signals.SIGKILL);
      awaitFinished(container, Duration.ofSeconds(30));
      return store.get(record.id()).orElse(record);
    }
    signal(container, signal);
    if (noKill) {
      return store.get(record.id()).orElse(record);
    }
    if (signal != Signals.SIGKILL && !awaitFinished(container, wait)) {
      signal(container, Signals.SIGKILL);
    }
    awaitFinished(container, Duration.ofSeconds(30));
    return store.get(record.id()).orElse(record);
  }

  private static boolean awaitTask(TaskHandle task, Duration wait) {
    try {
      task.exit().get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  private int stopSignal(ContainerRecord record) {
    try {
      OciSpec spec =
          OciSpec.parse(Files.readAllBytes(ContainerDirs.of(settings, record.id()).config()));
      String signal =
          spec.annotations() == null ? null : spec.annotations().get(OciSpecBuilder.STOP_SIGNAL);
      return signal == null ? Signals.SIGTERM : Signals.parse(signal);
    } catch (IOException | RuntimeException e) {
      return Signals.SIGTERM;
    }
  }

  public void kill(String idOrName, String signalName) throws IOException {
    ContainerRecord record = find(idOrName);
    int signal;
    try {
      signal = Signals.parse(signalName);
    } catch (IllegalArgumentException e) {
      throw new ContainerException(ContainerException.Kind.INVALID, e.getMessage(), e);
    }
    if (!record.state().isActive()) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT, "container %s is not running".formatted(record.name()));
    }
    Live container = supervised(record);
    TaskHandle main = container.runningMain();
    if (main != null) {
      main.signal(signal); // a service's signals are for its main process, not catatonit
    } else {
      signal(container, signal);
    }
    events.publish("container.kill", record.id(), Map.of("signal", Signals.name(signal)));
  }

  private static void signal(Live container, int signal) throws IOException {
    PidFd pidfd = container.pidfd;
    if (pidfd == null) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT, "container has no process to signal");
    }
    try {
      pidfd.sendSignal(signal);
    } catch (ErrnoException e) {
      if (e.errno() != io.berth.os.Errno.ESRCH) {
        throw e;
      }
    } catch (IllegalStateException e) {
      // the pidfd was closed: the process ended and was reaped meanwhile
    }
  }

  private static boolean awaitFinished(Live container, Duration wait) {
    try {
      container.finished.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  /**
   * Waits for the container's process to end and its end to be recorded; {@code timeout} null waits
   * as long as it takes.
   */
  public ExitRecord await(String idOrName, Duration timeout) throws IOException {
    return await(idOrName, timeout, false);
  }

  /**
   * Waits for the container's process to end, and with {@code untilRemoved} for the container to be
   * removed as well (by its auto-remove, or by whoever removes it); {@code timeout} null waits as
   * long as it takes. The end is released as soon as it is recorded, before the teardown that
   * follows it; the removal only once everything is gone, record included.
   */
  public ExitRecord await(String idOrName, Duration timeout, boolean untilRemoved)
      throws IOException {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    Live running = live.get(idOrName);
    ExitRecord recent = running == null ? recentExits.get(idOrName) : null;
    if (recent != null && (!untilRemoved || store.get(recent.id()).isEmpty())) {
      return recent;
    }
    ContainerRecord record;
    try {
      record = find(idOrName);
    } catch (ContainerException e) {
      if (e.kind() == ContainerException.Kind.NOT_FOUND) {
        ExitRecord gone = recentExit(idOrName);
        if (gone != null) {
          return gone; // ended and removed already
        }
      }
      throw e;
    }
    Live container = live.get(record.id());
    if (container != null) {
      awaitFuture(
          untilRemoved ? container.finished : container.recorded, deadline, record, timeout);
    } else if (record.state().isActive()) {
      record = awaitFromStore(record, deadline, timeout);
    }
    ExitRecord exit = recentExits.get(record.id());
    if (exit == null) {
      exit = ExitRecord.of(store.get(record.id()).orElse(record));
    }
    if (untilRemoved) {
      awaitRemoval(record, deadline, timeout);
    }
    return exit;
  }

  private ExitRecord recentExit(String idOrName) {
    synchronized (recentExits) {
      for (var entry : recentExits.entrySet()) {
        if (entry.getKey().startsWith(idOrName) || entry.getValue().name().equals(idOrName)) {
          return entry.getValue();
        }
      }
    }
    return null;
  }

  /** Follows the store while another berth process supervises the container, until it ends. */
  private ContainerRecord awaitFromStore(ContainerRecord record, long deadline, Duration timeout)
      throws IOException {
    if (!Supervisors.alive(record.supervisor())) {
      throw new ContainerException(
          ContainerException.Kind.NOT_SUPERVISED,
          "container %s has no supervisor: start the agent to adopt it".formatted(record.name()));
    }
    String name = record.name();
    while (record.state().isActive()) {
      if (System.nanoTime() - deadline > 0) {
        throw new ContainerException(
            ContainerException.Kind.CONFLICT,
            "container %s still runs after %s".formatted(name, timeout));
      }
      sleep(200);
      record = store.get(record.id()).orElse(null);
      if (record == null) {
        throw new ContainerException(
            ContainerException.Kind.NOT_FOUND,
            "container %s was removed before its end could be read".formatted(name));
      }
    }
    return record;
  }

  /**
   * Until the container's record is gone, removed by its auto-remove or by anyone: a removal in
   * this process completes the future at once; one by another berth process shows in the store.
   */
  private void awaitRemoval(ContainerRecord record, long deadline, Duration timeout)
      throws IOException {
    String id = record.id();
    CompletableFuture<Void> removal = removals.computeIfAbsent(id, k -> new CompletableFuture<>());
    // Looked up after the future is in place, so a removal cannot slip between the two.
    Optional<ContainerRecord> now = store.get(id);
    if (now.isPresent()
        && now.get().spec().autoRemove()
        && self.equals(now.get().supervisor())
        && !live.containsKey(id)) {
      throw new IOException(
          "container %s ended but could not be removed; the agent's log says why"
              .formatted(record.name()));
    }
    while (now.isPresent()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ContainerException(
            ContainerException.Kind.CONFLICT,
            "container %s is not removed after %s".formatted(record.name(), timeout));
      }
      try {
        removal.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
        return;
      } catch (TimeoutException e) {
        now = store.get(id);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + record.name(), e);
      } catch (ExecutionException e) {
        return;
      }
    }
  }

  private static void awaitFuture(
      CompletableFuture<?> future, long deadline, ContainerRecord record, Duration timeout)
      throws IOException {
    try {
      if (deadline == Long.MAX_VALUE) {
        future.get();
      } else {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT,
          "container %s still runs after %s".formatted(record.name(), timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + record.name(), e);
    } catch (ExecutionException e) {
      // the end was handled; its record says how it went
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ---------------------------------------------------------------- the end of a process

  /**
   * Runs when the reaper saw the container's init end; on a virtual thread. The end is recorded
   * first and released to those waiting for it; the teardown (runc delete, unmount, directories)
   * and, for an auto-removed container, the removal follow, and only then is it released to those
   * waiting for the container to be finished with or removed.
   */
  private void onExit(Live container, ExitStatus status, Throwable failure) {
    if (failure != null) {
      LOG.warn("watching container {} failed: {}", container.id, failure.toString());
    }
    container.lock.lock();
    ContainerRecord record = null;
    Duration restartIn = null;
    try {
      closeQuietly(container);
      record = store.get(container.id).orElse(null);
      if (container.reported != null) {
        status = container.reported; // the main process's end, not catatonit's
      }
      Integer code = status == null ? null : status.shellCode();
      String signal =
          status instanceof ExitStatus.Killed(int sig, boolean core) ? Signals.name(sig) : null;
      if (record != null) {
        Instant started = record.started();
        record = record.exited(code, signal, Instant.now());
        store.update(record);
        restartIn = restartDelay(record, code, started);
        recentExits.put(record.id(), ExitRecord.of(record));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", record.name());
        attributes.put("exitCode", code == null ? "unknown" : code.toString());
        if (signal != null) {
          attributes.put("signal", signal);
        }
        events.publish("container.exit", record.id(), attributes);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("recording the end of container {} failed: {}", container.id, e.toString());
    } finally {
      container.exit.complete(status);
      container.recorded.complete(null);
      container.lock.unlock();
    }
    if (record != null) {
      // a restart creates the same id again: runc must be done with it first
      destroy(record, ContainerDirs.of(settings, record.id()), true, restartIn != null);
    }
    if (record != null && record.spec().autoRemove()) {
      try {
        removeExited(record);
      } catch (IOException e) {
        LOG.warn("removing container {} after it exited failed: {}", record.name(), e.getMessage());
      }
    }
    // Only now: a waiter that finds the container gone must find it removed too.
    live.remove(container.id);
    container.finished.complete(null);
    if (restartIn != null) {
      String id = container.id;
      try {
        restarter.schedule(
            () -> aside(() -> relaunch(id)), restartIn.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closing: the container stays exited
      }
    }
  }

  /**
   * When a permanent container that just ended starts again, or null when it does not: no policy,
   * stopped or removed by a user, or out of restarts. A run of {@link RestartPolicy#STEADY} or more
   * sets the wait back to the first.
   */
  private Duration restartDelay(ContainerRecord record, Integer code, Instant started) {
    boolean stopped = stopRequested.remove(record.id());
    RestartPolicy policy = RestartPolicy.of(record.spec().labels());
    if (stopped
        || policy == null
        || !policy.restarts(code, restarts.getOrDefault(record.id(), 0))) {
      return null;
    }
    boolean steady =
        started != null
            && Duration.between(started, record.finished()).compareTo(RestartPolicy.STEADY) >= 0;
    int quick = steady ? 0 : quickEnds.merge(record.id(), 1, Integer::sum) - 1;
    if (steady) {
      quickEnds.remove(record.id());
    }
    return RestartPolicy.delay(quick);
  }

  /**
   * Starts a permanent container again: same id, name, spec and writable layer, a new process.
   * Gives up, leaving it exited, when a user stopped or removed it meanwhile.
   */
  private Void relaunch(String id) {
    Live container;
    ContainerRecord record;
    try {
      record = store.get(id).orElse(null);
      if (record == null || record.state() != ContainerState.EXITED) {
        return null;
      }
      container =
          new Live(id, new LogFile(logPath(record), settings.logMaxBytes(), settings.logFiles()));
    } catch (IOException e) {
      LOG.warn("restarting container {}: {}", id, e.getMessage());
      return null;
    }
    if (live.putIfAbsent(id, container) != null) {
      return null;
    }
    // after registering: a removal or stop that looked before sees it, one that looked after left
    // its mark here
    if (stopRequested.remove(id)) {
      live.remove(id);
      container.abandon();
      return null;
    }
    ContainerDirs dirs = ContainerDirs.of(settings, id);
    boolean runcCreated = false;
    container.lock.lock();
    try {
      Image image =
          images
              .find(record.imageDigest().toString())
              .orElseThrow(
                  () -> new IOException("its image " + record.imageRef() + " is no longer here"));
      OciSpec oci =
          prepareBundle(
              id,
              record.spec(),
              ImageConfig.parse(images.config(image)),
              ImageRef.parse(record.imageRef()),
              image,
              dirs,
              null);
      Files.write(dirs.config(), oci.toJson());
      runcCreated = true;
      Instant launched = Instant.now();
      int pid = launch(container, dirs, oci.process().args().getFirst(), true);
      int count = restarts.merge(id, 1, Integer::sum);
      store.update(record.created(pid, oci.process().args()).running(pid, launched));
      events.publish(
          "container.restart",
          id,
          Map.of("name", record.name(), "restarts", Integer.toString(count)));
      events.publish("container.start", id, Map.of("name", record.name()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("restarting container {} failed: {}", record.name(), e.getMessage());
      live.remove(id);
      closeQuietly(container);
      destroy(record, dirs, runcCreated, true);
      container.abandon();
    } finally {
      container.lock.unlock();
    }
    return null;
  }

  private static void closeQuietly(Live container) {
    if (container.stdout != null) {
      container.stdout.drainAndClose();
    }
    if (container.stderr != null) {
      container.stderr.drainAndClose();
    }
    container.log.end();
    try {
      container.log.close();
    } catch (IOException e) {
      LOG.debug("closing a log: {}", e.getMessage());
    }
    if (container.pidfd != null) {
      try {
        container.pidfd.close();
      } catch (ErrnoException e) {
        LOG.debug("closing a pidfd: {}", e.getMessage());
      }
    }
  }

  /**
   * Tears down what a container used while it ran: the FIFOs and the bundle's files here, and on
   * another thread ({@link #tearDownRoot}) the root filesystem's mount, its directories, runc's
   * state and the cgroup. A writable container's upper layer stays for {@code diff} until the
   * container is removed.
   *
   * @param awaitRoot whether to wait for the root's teardown: not after a container's end, whose id
   *     runc never sees again unless the container restarts (then it waits), so {@code run --rm}
   *     need not wait for an unmount and a second runc process; the runtime's close waits for them,
   *     and a crash before leaves them to the next start's sweep
   */
  private void destroy(
      ContainerRecord record, ContainerDirs dirs, boolean runcKnowsIt, boolean awaitRoot) {
    // kept until the container is removed: a writable one's changes (berth diff), the script a
    // container was created with (GET /v1/containers/{id}/script), and a permanent container's,
    // which its restarts run on
    boolean keepUpper =
        record.spec().writable()
            || Files.isDirectory(dirs.upper().resolve(".berth"))
            || RestartPolicy.of(record.spec().labels()) != null;
    CompletableFuture<Void> rootGone = new CompletableFuture<>();
    if (!awaitRoot) {
      teardowns.put(record.id(), rootGone);
    }
    aside(
        () -> {
          try {
            tearDownRoot(record, dirs, runcKnowsIt, keepUpper);
          } finally {
            teardowns.remove(record.id(), rootGone);
            rootGone.complete(null);
          }
          return null;
        });
    try {
      FileTrees.delete(dirs.fifos());
      Files.deleteIfExists(dirs.mainProcess());
      Files.deleteIfExists(dirs.config());
      Files.deleteIfExists(dirs.runcLog());
      discard(record.id(), dirs.etc(), "etc");
    } catch (IOException e) {
      LOG.warn("cleaning up container {}: {}", record.id(), e.getMessage());
    }
    if (awaitRoot) {
      rootGone.join();
    }
  }

  /**
   * The part of a teardown no one waits for after a container's end: unmounting the root (the
   * kernel waits for an RCU grace period, 2 to 5 ms here), its directories, {@code runc delete} and
   * what it may leave of the cgroup. A removal that follows discards the bundle only after this
   * ({@link #teardowns}).
   */
  private void tearDownRoot(
      ContainerRecord record, ContainerDirs dirs, boolean runcKnowsIt, boolean keepUpper) {
    unmountRoot(dirs.rootfs());
    try {
      discard(record.id(), dirs.rootfs(), "rootfs");
      discard(record.id(), dirs.work(), "work");
      if (!keepUpper) {
        discard(record.id(), dirs.upper(), "upper");
      }
    } catch (IOException e) {
      LOG.warn("cleaning up container {}: {}", record.id(), e.getMessage());
    }
    if (runcKnowsIt) {
      try {
        runc.delete(record.id(), true);
      } catch (IOException | RuntimeException e) {
        LOG.warn("runc delete {}: {}", record.id(), e.getMessage());
      }
      CgroupRemoval.remove(
          CgroupRemoval.HOST, OciSpecBuilder.cgroupPath(record.id()), CGROUP_PATIENCE);
    }
  }

  /**
   * Moves a directory a container used out of the way, beside the bundles as {@code
   * <id>.<label>.<n>.discarded} (a rename), and deletes it there in the background. Deleting what
   * was a mount point in the container's mount namespace waits for the kernel to detach it, an RCU
   * grace period each (about 10 ms here): hosts, hostname and resolv.conf in etc/ and the mount
   * points runc made in upper/ cost 30 to 60 ms that no one should wait for. A crash leaves the
   * directory to the next start's sweep, as any entry of containers/ that names no container.
   */
  private void discard(String id, Path directory, String label) throws IOException {
    discard(id, directory, label, null);
  }

  /**
   * As {@link #discard(String, Path, String)}, for a bundle whose root a teardown may still be
   * unmounting: the deletion waits for {@code rootTornDown}, then unmounts the root where the
   * bundle moved (the teardown found it gone), and only then deletes. Null when no teardown is
   * under way.
   */
  private void discard(
      String id, Path directory, String label, CompletableFuture<Void> rootTornDown)
      throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path aside =
        settings
            .containers()
            .resolve(id + "." + label + "." + discarded.incrementAndGet() + ".discarded");
    try {
      Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return; // moved with its bundle, by a removal while the root was torn down
    }
    aside(
        () -> {
          try {
            if (rootTornDown != null) {
              rootTornDown.join();
              unmountRoot(new ContainerDirs(aside, null).rootfs());
            }
            FileTrees.delete(aside);
          } catch (IOException e) {
            LOG.warn("deleting {}: {}", aside, e.getMessage());
          }
          return null;
        });
  }

  /** Lazily: the kernel detaches the mount once nothing uses it; nothing mounted is no error. */
  private static void unmountRoot(Path rootfs) {
    try {
      Mounts.unmount(rootfs, Mounts.MNT_DETACH | Mounts.UMOUNT_NOFOLLOW);
    } catch (ErrnoException e) {
      if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) {
        LOG.warn("unmounting {}: {}", rootfs, e.getMessage());
      }
    }
  }

  /** Runs {@code work} on a virtual thread; on this one when the runtime is closing. */
  private <T> Future<T> aside(Callable<T> work) {
    try {
      return background.submit(work);
    } catch (RejectedExecutionException e) {
      try {
        return CompletableFuture.completedFuture(work.call());
      } catch (Exception failure) {
        return CompletableFuture.failedFuture(failure);
      }
    }
  }

  // ---------------------------------------------------------------- removal

  /** Removes a container: record, log, writable layer. {@code force} kills a running one first. */
  public void remove(String idOrName, boolean force) throws IOException {
    ContainerRecord record = find(idOrName);
    // before looking for it live: a restart that registers after this look sees the mark
    stopRequested.add(record.id());
    try {
      remove(record, force);
    } catch (ContainerException e) {
      stopRequested.remove(record.id()); // refused: it goes on as it was, restarts included
      throw e;
    }
  }

  private void remove(ContainerRecord record, boolean force) throws IOException {
    Live container = live.get(record.id());
    if (container != null && container.recorded.isDone()) {
      // Ended, and its teardown is under way: wait for it, then remove as any ended container.
      awaitFinished(container, Duration.ofSeconds(30));
      record = store.get(record.id()).orElse(null);
      if (record == null) {
        return; // it was auto-removed
      }
    } else if (container != null) {
      // A created container never ran: like Docker, removing it needs no --force (its runc init,
      // waiting to exec, is killed).
      if (!force && record.state() != ContainerState.CREATED) {
        throw new ContainerException(
            ContainerException.Kind.CONFLICT,
            "container %s is %s: stop it first, or remove it with --force"
                .formatted(record.name(), record.state().label()));
      }
      signal(container, Signals.SIGKILL);
      awaitFinished(container, Duration.ofSeconds(30));
      if (record.spec().autoRemove()) {
        return;
      }
      record = store.get(record.id()).orElse(null);
      if (record == null) {
        return;
      }
    } else if (record.state() != ContainerState.EXITED) {
      if (Supervisors.alive(record.supervisor()) && !self.equals(record.supervisor())) {
        throw new ContainerException(
            ContainerException.Kind.NOT_SUPERVISED,
            "container %s is supervised by berth process %s; remove it there or through the agent"
                .formatted(record.name(), Supervisors.pidOf(record.supervisor())));
      }
      if (!force) {
        throw new ContainerException(
            ContainerException.Kind.CONFLICT,
            "container %s was %s when its supervisor went away; remove it with --force, or start the agent to adopt it"
                .formatted(record.name(), record.state().label()));
      }
      destroy(
          record,
          ContainerDirs.of(settings, record.id()),
          Files.isDirectory(settings.runcRoot()),
          true);
    }
    removeExited(record);
  }

  private void removeExited(ContainerRecord record) throws IOException {
    ContainerDirs dirs = ContainerDirs.of(settings, record.id());
    new LogFile(logPath(record), settings.logMaxBytes(), settings.logFiles()).delete();
    // The root may still be mounted in the bundle while a teardown runs: the bundle moves aside
    // now, as always, and is deleted once the teardown is over, unmounting the root where it
    // moved if the teardown found it gone.
    discard(record.id(), dirs.bundle(), "bundle", teardowns.get(record.id()));
    FileTrees.delete(dirs.fifos());
    store.remove(record.id());
    stopRequested.remove(record.id());
    restarts.remove(record.id());
    quickEnds.remove(record.id());
    CompletableFuture<Void> removal = removals.remove(record.id());
    if (removal != null) {
      removal.complete(null);
    }
    events.publish("container.remove", record.id(), Map.of("name", record.name()));
  }

  // ---------------------------------------------------------------- output, files, figures

  /** Sends the container's output as the query asks; follows only a live container. */
  public void logs(
      String idOrName, LogQuery query, Consumer<LogLine> sink, BooleanSupplier stillWanted)
      throws IOException {
    ContainerRecord record = find(idOrName);
    Live container = live.get(record.id());
    LogFile log =
        container != null
            ? container.log
            : new LogFile(logPath(record), settings.logMaxBytes(), settings.logFiles());
    LogQuery effective =
        container == null
                && query.follow()
                && record.state().isActive()
                && Supervisors.alive(record.supervisor())
            ? query
            : container == null
                ? new LogQuery(false, query.tail(), query.since(), query.timestamps())
                : query;
    try {
      if (container == null && effective.follow()) {
        followFromStore(record, log, effective, sink, stillWanted);
      } else {
        log.read(effective, sink, stillWanted);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Follows a container another berth process supervises: the log file as it grows, until the
   * record says the container ended.
   */
  private void followFromStore(
      ContainerRecord record,
      LogFile log,
      LogQuery query,
      Consumer<LogLine> sink,
      BooleanSupplier stillWanted)
      throws IOException, InterruptedException {
    Path file = logPath(record);
    long[] position = {0};
    log.read(
        new LogQuery(false, query.tail(), query.since(), query.timestamps()), sink, stillWanted);
    position[0] = Files.exists(file) ? Files.size(file) : 0;
    while (stillWanted.getAsBoolean()) {
      Thread.sleep(200);
      if (Files.exists(file) && Files.size(file) > position[0]) {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
          channel.position(position[0]);
          var reader =
              new java.io.BufferedReader(
                  java.nio.channels.Channels.newReader(channel, StandardCharsets.UTF_8));
          for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            LogLine line = LogFormat.parse(text);
            if (line != null) {
              sink.accept(line);
            }
          }
          position[0] = channel.size();
        }
      }
      Optional<ContainerRecord> now = store.get(record.id());
      if (now.isEmpty() || !now.get().state().isActive()) {
        return;
      }
    }
  }

  /**
   * A regular file of the container's own writable layer (what it wrote, or its seed: a script, a
   * data archive's files), read whether the container runs or not, links followed only within the
   * layer; empty when the layer does not hold it.
   */
  public Optional<byte[]> readOwnFile(String idOrName, String path, int maxBytes)
      throws IOException {
    ContainerRecord record = find(idOrName);
    Path upper = ContainerDirs.of(settings, record.id()).upper();
    if (!Files.isDirectory(upper)) {
      return Optional.empty();
    }
    try {
      return Optional.of(io.berth.os.RootedFiles.read(upper, path, maxBytes));
    } catch (ErrnoException e) {
      if (e.errno() == io.berth.os.Errno.ENOENT) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public List<Change> changes(String idOrName) throws IOException {
    ContainerRecord record = find(idOrName);
    Image image =
        images
            .find(record.imageDigest().toString())
            .orElseThrow(
                () ->
                    new ContainerException(
                        ContainerException.Kind.NOT_FOUND,
                        "the image of container %s is gone".formatted(record.name())));
    Set<String> mountTargets =
        record.spec().mounts().stream().map(MountSpec::target).collect(Collectors.toSet());
    return UpperDiff.changes(
        ContainerDirs.of(settings, record.id()).upper(),
        images.layerPaths(image).reversed(),
        mountTargets);
  }

  public CgroupStats.Sample stats(String idOrName) throws IOException {
    ContainerRecord record = find(idOrName);
    Live container = live.get(record.id());
    if (container == null || record.state() != ContainerState.RUNNING) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT, "container %s is not running".formatted(record.name()));
    }
    return CgroupStats.host().sample(container.pid);
  }

  /**
   * Starts a process in a running container and leaves it running: a service's task. The agent
   * becomes its parent once runc has started it, reaps it, and writes its output into the
   * container's log. {@link #kill} and {@link #stop} of the container reach the task launched as
   * {@linkplain TaskLaunch#main main} while it runs.
   */
  public TaskHandle spawn(String idOrName, TaskLaunch launch) throws IOException {
    requireSupervisor();
    ContainerRecord record = find(idOrName);
    Live container = supervised(record);
    container.lock.lock();
    try {
      record = store.get(record.id()).orElse(record);
      if (record.state() != ContainerState.RUNNING) {
        throw new ContainerException(
            ContainerException.Kind.CONFLICT,
            "container %s is %s: %s cannot start in it"
                .formatted(record.name(), record.state().label(), launch.name()));
      }
      return tasks.spawn(record, ContainerDirs.of(settings, record.id()), container, launch);
    } finally {
      container.lock.unlock();
    }
  }

  /**
   * How a container started with {@link Init#PAUSE} is recorded as ended when it is stopped: by
   * default as its main process ended; a service replaces that (a postStop hook's code).
   */
  public void reportExit(String idOrName, ExitStatus status) throws IOException {
    Live container = live.get(find(idOrName).id());
    if (container != null) {
      container.reported = status;
    }
  }

  /** Whether the container was created with {@link Init#PAUSE}: its processes are tasks. */
  public boolean paused(String idOrName) throws IOException {
    return Files.exists(ContainerDirs.of(settings, find(idOrName).id()).mainProcess());
  }

  /** The main process started in a container with {@link #spawn}, while it runs. */
  public Optional<TaskHandle> mainTask(String idOrName) throws IOException {
    Live container = live.get(find(idOrName).id());
    return Optional.ofNullable(container == null ? null : container.runningMain());
  }

  /**
   * The environment of the container's own process (the image's, then the container's), as every
   * process started in it gets it.
   */
  public Map<String, String> environment(String idOrName) throws IOException {
    ContainerRecord record = find(idOrName);
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : TaskSpawner.baseProcess(ContainerDirs.of(settings, record.id())).env()) {
      int eq = entry.indexOf('=');
      env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    return env;
  }

  /** The signal that asks the container's process to stop: the image's, or TERM. */
  public int stopSignalOf(String idOrName) throws IOException {
    return stopSignal(find(idOrName));
  }

  /**
   * The regular file {@code path} in a running container, or the regular files directly in the
   * directory {@code path}, in name order; empty when there is nothing. Symbolic links are followed
   * only within the container.
   */
  public Map<String, byte[]> readFiles(String idOrName, String path, int maxBytes)
      throws IOException {
    return InContainer.files(runningInit(idOrName), path, maxBytes);
  }

  /**
   * The entries of the directory {@code path} in a running container, by name; symbolic links are
   * listed, not followed. {@code path} is absolute and never climbs with {@code ..}.
   */
  public List<InContainerEntry> listFiles(String idOrName, String path) throws IOException {
    InContainer.checkPath(path);
    return InContainer.list(runningInit(idOrName), path).stream()
        .map(l -> new InContainerEntry(l.name(), l.status(), l.target()))
        .toList();
  }

  /** An entry of a directory in a container. */
  public record InContainerEntry(String name, io.berth.os.FileStatus status, String target) {}

  /**
   * The regular file {@code path} in a running container, at most {@code maxBytes}, symbolic links
   * followed only within it. {@code path} is absolute and never climbs with {@code ..}.
   */
  public byte[] readFile(String idOrName, String path, int maxBytes) throws IOException {
    InContainer.checkPath(path);
    return InContainer.file(runningInit(idOrName), path, maxBytes);
  }

  /**
   * Writes the container's {@link #changes} as a tar.gz to {@code out}. Everything that can fail
   * before the first byte (no such container, its image gone) fails before it is written.
   */
  public void archive(String idOrName, java.io.OutputStream out) throws IOException {
    ContainerRecord record = find(idOrName);
    List<Change> changes = changes(record.id());
    UpperArchive.write(ContainerDirs.of(settings, record.id()).upper(), changes, out);
  }

  /**
   * Changes the owner ({@code account}: uid, name, or user:group of the image's /etc/passwd) and
   * modes of {@code path} in a running container, its mounts included, and of what is below it when
   * {@code recursive}; never through a symbolic link. Returns the entries changed (0 when the path
   * does not exist).
   */
  public int fixPermissions(
      String idOrName,
      String path,
      String account,
      Integer fileMode,
      Integer dirMode,
      boolean recursive)
      throws IOException {
    ContainerRecord record = find(idOrName);
    int pid = runningInit(idOrName);
    int uid = -1;
    int gid = -1;
    if (account != null) {
      ContainerDirs dirs = ContainerDirs.of(settings, record.id());
      UserDatabase users =
          UserDatabase.parse(
              readInRoot(dirs.rootfs(), "/etc/passwd"), readInRoot(dirs.rootfs(), "/etc/group"));
      try {
        int[] owner = OciSpecBuilder.owner(account, users, record.imageRef());
        uid = owner[0];
        gid = owner[1];
      } catch (IllegalArgumentException e) {
        throw new ContainerException(ContainerException.Kind.INVALID, e.getMessage(), e);
      }
    }
    return InContainer.fixPermissions(pid, path, uid, gid, fileMode, dirMode, recursive);
  }

  /**
   * Writes a file into a running container ({@code path} absolute; its directory must exist),
   * created with {@code mode} or truncated; never through a symbolic link out of the container.
   */
  public void writeFile(String idOrName, String path, byte[] content, int mode) throws IOException {
    try {
      InContainer.writeFile(runningInit(idOrName), path, content, mode);
    } catch (ErrnoException e) {
      throw new ContainerException(
          ContainerException.Kind.INVALID,
          "cannot write %s in container %s: %s"
              .formatted(path, find(idOrName).name(), e.getMessage()),
          e);
    }
  }

  /** Signals every process of a running container but its init; returns how many. */
  public int signalOthers(String idOrName, int signal) throws IOException {
    return InContainer.signalOthers(runningInit(idOrName), signal);
  }

  /** How many processes a running container has besides its init. */
  public int countOthers(String idOrName) throws IOException {
    return InContainer.others(runningInit(idOrName)).size();
  }

  /**
   * A TCP connection to {@code port} on the loopback of a running container's network: its own
   * namespace's, or the host's for a container on the host network.
   */
  public java.nio.channels.SocketChannel connect(String idOrName, int port, Duration timeout)
      throws IOException {
    ContainerRecord record = find(idOrName);
    java.nio.channels.SocketChannel channel =
        record.spec().network() == ContainerSpec.Network.HOST
            ? java.nio.channels.SocketChannel.open()
            : io.berth.os.Namespaces.socketIn(runningInit(idOrName));
    try {
      channel.configureBlocking(true);
      channel
          .socket()
          .connect(
              new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port),
              (int) Math.max(1, timeout.toMillis()));
      channel.socket().setSoTimeout((int) Math.max(1, timeout.toMillis()));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  private int runningInit(String idOrName) throws IOException {
    ContainerRecord record = find(idOrName);
    Live container = live.get(record.id());
    if (container == null || record.state() != ContainerState.RUNNING || container.pid <= 0) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT, "container %s is not running".formatted(record.name()));
    }
    return container.pid;
  }

  /** The processes started in a container with {@link #spawn} that still run. */
  public List<TaskHandle> tasks(String idOrName) throws IOException {
    Live container = live.get(find(idOrName).id());
    return container == null ? List.of() : List.copyOf(container.tasks);
  }

  /** Runs a command in a running container to completion; returns its exit code. */
  public ExitRecord exec(
      String idOrName,
      List<String> command,
      Map<String, String> env,
      String user,
      String workdir,
      Consumer<LogLine> output)
      throws IOException {
    ContainerRecord record = find(idOrName);
    Live container = supervised(record);
    if (record.state() != ContainerState.RUNNING) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT, "container %s is not running".formatted(record.name()));
    }
    ContainerDirs dirs = ContainerDirs.of(settings, record.id());
    return Exec.run(runc, record, dirs, command, env, user, workdir, output, container);
  }

  // ---------------------------------------------------------------- supervision

  private void requireSupervisor() throws ContainerException {
    if (!supervisor) {
      throw new ContainerException(
          ContainerException.Kind.NOT_SUPERVISED,
          "this berth process does not supervise containers: start the agent with 'berth agent'");
    }
  }

  private Live supervised(ContainerRecord record) throws ContainerException {
    Live container = live.get(record.id());
    if (container != null) {
      return container;
    }
    if (Supervisors.alive(record.supervisor()) && !self.equals(record.supervisor())) {
      throw new ContainerException(
          ContainerException.Kind.NOT_SUPERVISED,
          "container %s is supervised by berth process %s; act on it there or through the agent"
              .formatted(record.name(), Supervisors.pidOf(record.supervisor())));
    }
    if (!record.state().isActive()) {
      throw new ContainerException(
          ContainerException.Kind.CONFLICT,
          "container %s is %s".formatted(record.name(), record.state().label()));
    }
    throw new ContainerException(
        ContainerException.Kind.NOT_SUPERVISED,
        "container %s has no supervisor: start the agent ('berth agent') to adopt it"
            .formatted(record.name()));
  }

  /** Stops every container this runtime supervises, each by its own stop rules, in parallel. */
  public void stopAll() {
    List<java.util.concurrent.Future<?>> stops = new ArrayList<>();
    for (String id : List.copyOf(live.keySet())) {
      stops.add(
          background.submit(
              () -> {
                try {
                  stop(id, null, false);
                } catch (IOException e) {
                  LOG.warn("stopping {}: {}", id, e.getMessage());
                }
                return null;
              }));
    }
    for (var stop : stops) {
      try {
        stop.get(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("a container did not stop: {}", e.toString());
      }
    }
  }

  /** After a crash: adopt or stop what still runs, clean up what does not. */
  public Recovery.Report recover(Recovery.Policy policy) throws IOException {
    requireSupervisor();
    return new Recovery(this, policy).run();
  }

  // for Recovery
  RuntimeSettings settings() {
    return settings;
  }

  ContainerStore store() {
    return store;
  }

  Runc runc() {
    return runc;
  }

  String self() {
    return self;
  }

  boolean isLive(String id) {
    return live.containsKey(id);
  }

  void destroyLeftovers(ContainerRecord record) {
    destroy(record, ContainerDirs.of(settings, record.id()), true, true);
  }

  /** Takes over a container a former agent started: its output and the watch on its end. */
  ContainerRecord adopt(ContainerRecord record, int pid) throws IOException {
    ContainerDirs dirs = ContainerDirs.of(settings, record.id());
    Live container =
        new Live(
            record.id(), new LogFile(logPath(record), settings.logMaxBytes(), settings.logFiles()));
    container.pid = pid;
    container.pidfd = PidFd.open(pid);
    container.stdout =
        OutputPump.start(loop, Pipes.openReadEnd(dirs.stdout()), "stdout", container.log);
    container.stderr =
        OutputPump.start(loop, Pipes.openReadEnd(dirs.stderr()), "stderr", container.log);
    live.put(record.id(), container);
    tasks.adopt(record, dirs, container);
    // Not this process's child: its end shows as the pidfd becoming readable; its status went to
    // whoever inherited it.
    loop.registerOnce(
        container.pidfd.fd(),
        r -> background.submit(() -> onExit(container, reapIfChild(container), null)));
    ContainerRecord adopted = record.supervisedBy(self);
    store.update(adopted);
    events.publish(
        "container.adopt",
        record.id(),
        Map.of("name", record.name(), "pid", Integer.toString(pid)));
    return adopted;
  }

  private static ExitStatus reapIfChild(Live container) {
    try {
      return container.pidfd.reap().orElse(null);
    } catch (ErrnoException e) {
      return null;
    }
  }

  Live live(String id) {
    return live.get(id);
  }

  @Override
  public void close() {
    restarter.shutdownNow(); // a container waiting to restart stays exited
    if (reaper != null) {
      reaper.close();
    }
    if (loop != null) {
      loop.close();
    }
    background.close();
  }

  /** How a container's process ended, kept after the container itself is gone. */
  public record ExitRecord(String id, String name, Integer exitCode, String signal) {
    static ExitRecord of(ContainerRecord record) {
      return new ExitRecord(record.id(), record.name(), record.exitCode(), record.exitSignal());
    }
  }
}
