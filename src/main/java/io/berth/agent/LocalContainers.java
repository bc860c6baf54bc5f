package io.berth.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.ApiException;
import io.berth.api.Change;
import io.berth.api.ContainerDetails;
import io.berth.api.ContainerFile;
import io.berth.api.ContainerStats;
import io.berth.api.ContainerStatus;
import io.berth.api.ContainerSummary;
import io.berth.api.Containers;
import io.berth.api.CreateContainer;
import io.berth.api.ExecRequest;
import io.berth.api.ExitResult;
import io.berth.api.LogLine;
import io.berth.api.LogQuery;
import io.berth.api.LogSink;
import io.berth.api.PullProgress;
import io.berth.api.PullRequest;
import io.berth.api.RunWatcher;
import io.berth.api.WaitCondition;
import io.berth.image.Image;
import io.berth.image.ImageService;
import io.berth.os.FileStatus;
import io.berth.runtime.CgroupStats;
import io.berth.runtime.ContainerRecord;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.LogFile;
import io.berth.spec.ContainerSpec;
import io.berth.spec.ImageRef;
import io.berth.spec.Json;
import io.berth.spec.MountSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The containers resource, served by this host's {@link ContainerRuntime}. */
final class LocalContainers implements Containers {
  private final ContainerRuntime runtime;
  private final ImageService images;
  private final LocalImages imagesApi;
  private final ContainerSeeds seeds = new ContainerSeeds(new UrlFetcher(Duration.ofSeconds(15)));

  LocalContainers(ContainerRuntime runtime, ImageService images, LocalImages imagesApi) {
    this.runtime = runtime;
    this.images = images;
    this.imagesApi = imagesApi;
  }

  @Override
  public ContainerDetails create(CreateContainer request, PullProgress progress) {
    ContainerSpec spec = ContainerSpecs.of(request);
    ImageRef ref = Failures.parseReference(request.image());
    Path seed = null;
    try {
      // the script and the data first: a bad archive or a dead URL never costs a pull
      seed = seeds.prepare(request);
      Image image = imageFor(request, progress);
      return details(runtime.create(spec, image, ref, request.start(), seed), false);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("create a container of " + request.image(), e);
    } finally {
      deleteQuietly(seed);
    }
  }

  private static void deleteQuietly(Path seed) {
    if (seed != null) {
      try {
        Files.deleteIfExists(seed);
      } catch (IOException e) {
        // a temporary file: the system's tmp cleaning takes it
      }
    }
  }

  @Override
  public ExitResult run(CreateContainer request, RunWatcher watcher) {
    ContainerSpec spec = ContainerSpecs.of(request);
    ImageRef ref = Failures.parseReference(request.image());
    ContainerRuntime.Attached run;
    Path seed = null;
    try {
      seed = seeds.prepare(request);
      run = runtime.run(spec, imageFor(request, watcher), ref, seed);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("run a container of " + request.image(), e);
    } finally {
      deleteQuietly(seed);
    }
    String id = run.record().id();
    try (LogFile.Follower output = run.output()) {
      watcher.started(summary(run.record()));
      for (Optional<LogLine> line; ; ) {
        line = output.next(200, TimeUnit.MILLISECONDS);
        if (line != null && line.isEmpty()) {
          break; // the log ended: the process did, and its output is drained
        }
        if (line != null) {
          watcher.line(line.get());
        } else if (Thread.currentThread().isInterrupted()) {
          throw new ApiException(ApiException.Kind.UNAVAILABLE, "interrupted while running " + id);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.UNAVAILABLE, "interrupted while running " + id);
    }
    return await(id, null, spec.autoRemove() ? WaitCondition.REMOVED : WaitCondition.NOT_RUNNING);
  }

  /** The image the request names, pulled first when it is absent. */
  private Image imageFor(CreateContainer request, PullProgress progress) throws IOException {
    Optional<Image> image = images.find(request.image());
    if (image.isEmpty()) {
      var pulled =
          imagesApi.pull(
              new PullRequest(request.image(), request.platform(), request.tlsVerify()), progress);
      image = images.find(pulled.manifestDigest());
    }
    return image.orElseThrow(
        () ->
            ApiException.notFound("image '%s' vanished after its pull".formatted(request.image())));
  }

  @Override
  public ContainerDetails start(String id) {
    try {
      return details(runtime.start(id), false);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("start " + id, e);
    }
  }

  @Override
  public List<ContainerSummary> list(boolean all) {
    try {
      return runtime.list().stream()
          .filter(c -> all || c.state().isActive())
          .map(LocalContainers::summary)
          .toList();
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("list containers", e);
    }
  }

  @Override
  public ContainerDetails inspect(String id) {
    try {
      return details(runtime.find(id), true);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("inspect " + id, e);
    }
  }

  @Override
  public ContainerDetails stop(String id, Duration timeout, boolean noKill) {
    try {
      return details(runtime.stop(id, timeout, noKill), false);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("stop " + id, e);
    }
  }

  @Override
  public void kill(String id, String signal) {
    try {
      runtime.kill(id, signal);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("kill " + id, e);
    }
  }

  @Override
  public void remove(String id, boolean force) {
    try {
      runtime.remove(id, force);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("remove " + id, e);
    }
  }

  @Override
  public ExitResult await(String id, Duration timeout, WaitCondition condition) {
    try {
      ContainerRuntime.ExitRecord exit =
          runtime.await(id, timeout, condition == WaitCondition.REMOVED);
      return new ExitResult(exit.exitCode() == null ? -1 : exit.exitCode(), exit.signal());
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("wait for " + id, e);
    }
  }

  @Override
  public void logs(String id, LogQuery query, LogSink sink) {
    try {
      runtime.logs(id, query, sink::line, () -> !Thread.currentThread().isInterrupted());
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("logs of " + id, e);
    }
  }

  @Override
  public ExitResult exec(String id, ExecRequest request, LogSink output) {
    try {
      ContainerRuntime.ExitRecord exit =
          runtime.exec(
              id,
              request.command(),
              request.env(),
              request.user(),
              request.workdir(),
              output::line);
      return new ExitResult(exit.exitCode() == null ? -1 : exit.exitCode(), exit.signal());
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("exec in " + id, e);
    }
  }

  @Override
  public List<Change> changes(String id) {
    try {
      return runtime.changes(id);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("changes of " + id, e);
    }
  }

  @Override
  public ContainerStats stats(String id) {
    try {
      ContainerRecord record = runtime.find(id);
      CgroupStats.Sample s = runtime.stats(id);
      return new ContainerStats(
          record.id(),
          record.name(),
          s.cpuNanos(),
          s.memoryBytes(),
          s.memoryLimitBytes(),
          s.pids(),
          s.pidsLimit(),
          s.readBytes(),
          s.writeBytes());
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("stats of " + id, e);
    }
  }

  @Override
  public ContainerStatus state(String id) {
    try {
      ContainerRecord record = runtime.find(id);
      return new ContainerStatus(
          summary(record), runtime.runtimeState(record).map(LocalContainers::json).orElse(null));
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("state of " + id, e);
    }
  }

  @Override
  public List<ContainerFile> listFiles(String id, String path) {
    try {
      List<ContainerRuntime.InContainerEntry> entries = runtime.listFiles(id, path);
      List<ContainerFile> files = new java.util.ArrayList<>(entries.size());
      for (ContainerRuntime.InContainerEntry entry : entries) {
        FileStatus status = entry.status();
        files.add(
            new ContainerFile(
                files.size(),
                entry.name(),
                (path.endsWith("/") ? path : path + "/") + entry.name(),
                status.isRegularFile()
                    ? ContainerFile.FILE
                    : status.isDirectory()
                        ? ContainerFile.DIRECTORY
                        : status.isSymbolicLink() ? ContainerFile.SYMLINK : ContainerFile.OTHER,
                status.size(),
                "%04o".formatted(status.permissions()),
                java.time.Instant.ofEpochSecond(status.mtimeSeconds(), status.mtimeNanos()),
                entry.target()));
      }
      return files;
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("list %s in %s".formatted(path, id), e);
    }
  }

  @Override
  public byte[] readFile(String id, String path) {
    try {
      return runtime.readFile(id, path, ContainerFile.MAX_READ_BYTES);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("read %s in %s".formatted(path, id), e);
    }
  }

  @Override
  public byte[] script(String id) {
    try {
      ContainerRecord record = runtime.find(id);
      String entry =
          record.spec().entrypoint() == null || record.spec().entrypoint().isEmpty()
              ? null
              : record.spec().entrypoint().getFirst();
      if (entry == null || !entry.startsWith("/.berth/")) {
        throw ApiException.notFound(
            "container %s was created without a script".formatted(record.name()));
      }
      return runtime
          .readOwnFile(id, entry, ContainerFile.MAX_READ_BYTES)
          .orElseThrow(
              () ->
                  ApiException.notFound(
                      "the script of container %s is gone".formatted(record.name())));
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("the script of " + id, e);
    }
  }

  @Override
  public byte[] readFile(String id, String directory, int index) {
    List<ContainerFile> files = listFiles(id, directory);
    if (index < 0 || index >= files.size()) {
      throw ApiException.notFound(
          "%s in container %s has %d entries: no index %d"
              .formatted(directory, id, files.size(), index));
    }
    ContainerFile file = files.get(index);
    if (!file.type().equals(ContainerFile.FILE)) {
      throw ApiException.badRequest(
          "entry %d of %s is %s, a %s: only regular files are read"
              .formatted(index, directory, file.name(), file.type()));
    }
    return readFile(id, file.path());
  }

  @Override
  public void archive(String id, java.io.OutputStream out) {
    try {
      runtime.archive(id, out);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("archive of " + id, e);
    }
  }

  static ContainerSummary summary(ContainerRecord c) {
    return new ContainerSummary(
        c.id(),
        c.name(),
        c.imageRef(),
        c.imageDigest().toString(),
        String.join(" ", c.args()),
        c.state().label(),
        c.exitCode(),
        c.created(),
        c.started(),
        c.finished(),
        c.pid());
  }

  /**
   * The container in full; runc's own view only when {@code withRuntimeState} (inspect), since
   * asking runc is a process of its own, about 10 ms, that create, start and stop need not wait
   * for.
   */
  private ContainerDetails details(ContainerRecord c, boolean withRuntimeState) throws IOException {
    ContainerSpec spec = c.spec();
    JsonNode runtimeState =
        withRuntimeState ? runtime.runtimeState(c).map(LocalContainers::json).orElse(null) : null;
    List<String> env = processEnv(c);
    return new ContainerDetails(
        summary(c),
        c.args(),
        env,
        spec.user(),
        spec.workdir(),
        spec.hostname() != null ? spec.hostname() : c.id().substring(0, 12),
        spec.writable(),
        spec.network().name().toLowerCase(java.util.Locale.ROOT),
        spec.mounts().stream()
            .map(
                m ->
                    new CreateContainer.Mount(
                        m.type().name().toLowerCase(java.util.Locale.ROOT),
                        m.source(),
                        m.target(),
                        m.readOnly(),
                        m.options()))
            .toList(),
        spec.labels(),
        spec.autoRemove(),
        runtime.bundle(c).toString(),
        runtime.bundle(c).resolve("rootfs").toString(),
        runtime.logPath(c).toString(),
        runtimeState);
  }

  /**
   * The process's environment with the agent's kv token hidden: a read-only caller who may inspect
   * containers must not pick up a token that reveals secrets.
   */
  private List<String> processEnv(ContainerRecord c) {
    java.util.Set<String> hidden = new java.util.HashSet<>();
    hidden.add(ServiceKvTokens.TOKEN_VAR);
    String rendered = c.spec().labels().get(io.berth.supervise.ServiceSupervisor.LABEL_HIDDEN_ENV);
    if (rendered != null) {
      hidden.addAll(List.of(rendered.split(",")));
    }
    return rawEnv(c).stream()
        .map(
            v -> {
              int eq = v.indexOf('=');
              String name = eq < 0 ? v : v.substring(0, eq);
              return hidden.contains(name) ? name + "=<secret>" : v;
            })
        .toList();
  }

  /** The process's environment from its bundle while it exists; else what was asked for. */
  private List<String> rawEnv(ContainerRecord c) {
    try {
      var config = runtime.bundle(c).resolve("config.json");
      if (Files.exists(config)) {
        JsonNode env = Json.lenient().readTree(config.toFile()).path("process").path("env");
        return Json.lenient()
            .convertValue(
                env, new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {});
      }
    } catch (IOException | IllegalArgumentException e) {
      // fall back on the request
    }
    return c.spec().env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  private static JsonNode json(String text) {
    try {
      return Json.lenient().readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  /** API requests into container specs, with Frontloader's rule for structured env values. */
  static final class ContainerSpecs {
    private ContainerSpecs() {}

    static ContainerSpec of(CreateContainer r) {
      try {
        Map<String, String> env = new LinkedHashMap<>();
        r.env().forEach((k, v) -> env.put(k, envValue(v)));
        List<MountSpec> mounts =
            r.mounts().stream()
                .map(
                    m ->
                        switch (m.type() == null
                            ? ""
                            : m.type().toLowerCase(java.util.Locale.ROOT)) {
                          case "bind" -> MountSpec.bind(m.source(), m.target(), m.readOnly());
                          case "tmpfs" -> MountSpec.tmpfs(m.target(), m.options());
                          default ->
                              throw new IllegalArgumentException(
                                  "mount type must be bind or tmpfs, not '%s'".formatted(m.type()));
                        })
                .toList();
        return new ContainerSpec(
            r.image(),
            r.name(),
            r.script() != null ? List.of(r.script().containerPath()) : r.entrypoint(),
            r.command(),
            env,
            mounts,
            r.user(),
            r.capAdd(),
            r.capDrop(),
            r.writable(),
            r.hostname(),
            r.workdir(),
            r.init(),
            new ContainerSpec.Resources(r.memory(), r.cpus(), r.pidsLimit()),
            r.network() == null
                ? ContainerSpec.Network.NONE
                : ContainerSpec.Network.parse(r.network()),
            r.autoRemove(),
            withRestart(r.labels(), r.restart()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }

    /** The restart policy rides with the container's record as a label the runtime reads. */
    private static Map<String, String> withRestart(Map<String, String> labels, String restart) {
      if (labels.containsKey(io.berth.runtime.RestartPolicy.LABEL)) {
        throw new IllegalArgumentException(
            "label %s is berth's own: give the policy as 'restart'"
                .formatted(io.berth.runtime.RestartPolicy.LABEL));
      }
      if (restart == null || restart.equals("no")) {
        return labels;
      }
      Map<String, String> all = new LinkedHashMap<>(labels);
      all.put(io.berth.runtime.RestartPolicy.LABEL, restart);
      return all;
    }

    /** A string as it is; an object, list, number or boolean serialised as JSON (Frontloader). */
    static String envValue(JsonNode value) {
      if (value == null || value.isNull()) {
        return "";
      }
      return value.isTextual() ? value.asText() : value.toString();
    }
  }
}
