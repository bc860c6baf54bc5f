package io.berth.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * runc's commands for containers that are already created: start, kill, delete, state, list.
 * ({@code runc create} is spawned by {@link ContainerProcess}, which owns the container's stdio.)
 * runc's own errors are read from its JSON log lines and turned into messages.
 */
final class Runc {
  private static final TypeReference<List<State>> STATES = new TypeReference<>() {};
  private final Path binary;
  private final Path root;

  Runc(Path binary, Path root) {
    this.binary = binary;
    this.root = root;
  }

  Path binary() {
    return binary;
  }

  Path root() {
    return root;
  }

  /** The arguments every runc command starts with. */
  List<String> base() {
    return List.of(binary.toString(), "--root", root.toString(), "--log-format", "json");
  }

  void start(String id) throws IOException {
    run("start", id).orThrow("start container " + id);
  }

  void kill(String id, int signal) throws IOException {
    run("kill", id, Integer.toString(signal)).orThrow("signal container " + id);
  }

  /** Deletes runc's record of the container; {@code force} kills it first if it runs. */
  void delete(String id, boolean force) throws IOException {
    Result result = force ? run("delete", "--force", id) : run("delete", id);
    if (result.exitCode() != 0 && !result.error().contains("does not exist")) {
      result.orThrow("delete container " + id);
    }
  }

  Optional<State> state(String id) throws IOException {
    Result result = run("state", id);
    if (result.exitCode() != 0) {
      if (result.error().contains("does not exist")) {
        return Optional.empty();
      }
      result.orThrow("read the state of container " + id);
    }
    return Optional.of(Json.lenient().readValue(result.stdout(), State.class));
  }

  List<State> list() throws IOException {
    Result result = run("list", "--format", "json");
    result.orThrow("list containers");
    String out = result.stdout().strip();
    if (out.isEmpty() || out.equals("null")) {
      return List.of();
    }
    return Json.lenient().readValue(out, STATES);
  }

  Result run(String... args) throws IOException {
    List<String> argv = new ArrayList<>(base());
    argv.addAll(List.of(args));
    Process process =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(
            () -> drain(process.getErrorStream()), Thread::startVirtualThread);
    String stdout = drain(process.getInputStream());
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("runc " + String.join(" ", args) + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running runc " + args[0], e);
    }
    return new Result(process.exitValue(), stdout, errorMessage(stderr.join()));
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** runc's stderr with {@code --log-format json}: the messages of its error lines. */
  static String errorMessage(String stderr) {
    List<String> messages = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = Json.lenient().readTree(line);
        if (node != null && node.has("msg")) {
          if (!"error".equals(node.path("level").asText("error"))
              && !"fatal".equals(node.path("level").asText())) {
            continue;
          }
          messages.add(node.get("msg").asText());
          continue;
        }
      } catch (IOException e) {
        // not JSON: keep the line as it is
      }
      messages.add(line.strip());
    }
    return String.join("; ", messages);
  }

  /** What a runc command did. */
  record Result(int exitCode, String stdout, String error) {
    void orThrow(String action) throws IOException {
      if (exitCode != 0) {
        throw new RuncException(
            "runc could not %s: %s"
                .formatted(action, error.isBlank() ? "exit code " + exitCode : error));
      }
    }
  }

  /** runc's {@code state} document. */
  record State(
      @JsonProperty("id") String id,
      @JsonProperty("pid") int pid,
      @JsonProperty("status") String status,
      @JsonProperty("bundle") String bundle,
      @JsonProperty("rootfs") String rootfs,
      @JsonProperty("created") String created) {}
}
