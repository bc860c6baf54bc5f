package io.berth.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An external program the demo runs, found on PATH; missing ones are named with their package. */
record Tool(String command, String debianPackage) {

  static final Tool REGISTRY = new Tool("docker-registry", "docker-registry");
  static final Tool UMOCI = new Tool("umoci", "umoci");
  static final Tool SKOPEO = new Tool("skopeo", "skopeo");
  static final Tool BUSYBOX = new Tool("busybox", "busybox-static");

  Path path() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the demo needs %s: install it with 'apt-get install -y %s' (or run scripts/setup)"
            .formatted(command, debianPackage));
  }

  /** Runs the tool to completion; a failure names the command and shows its output. */
  String run(List<String> args) throws IOException {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(path().toString());
    argv.addAll(args);
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try {
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(command + " did not finish within two minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "%s failed (exit %d): %s"
                .formatted(String.join(" ", argv), process.exitValue(), output.strip()));
      }
      return output;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(command + " interrupted", e);
    }
  }
}
