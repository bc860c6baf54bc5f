package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.ServiceHistory;
import io.berth.api.ServiceInfo;
import io.berth.api.client.RemoteBerth;
import io.berth.demo.DemoAgent;
import io.berth.demo.DemoImages;
import io.berth.demo.LocalRegistry;
import io.berth.os.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth demo}: berth's main job on a machine with nothing set up. A registry on loopback, a
 * small web service declared in a configuration, an agent keeping it running; then a new version
 * pushed and upgraded to within seconds (the registry's webhook), and a broken one rolled back;
 * then containers run on demand. The agent is {@code berth agent}, a process of its own as on a
 * host, and every command reaches it through its socket (so the demo is also the workload that
 * {@code scripts/train-aot} trains berth's AOT cache on). Everything lives in a temporary
 * directory, removed at the end.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show berth at work without the internet: a local registry, a web service the agent keeps",
      "running, an upgrade when a new version is pushed, a broken version rolled back, and",
      "containers run through the agent. Needs root and runc.",
      "Uses a temporary root and state, removed at the end unless --keep is given."
    })
final class DemoCommand implements Runnable {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--keep", description = "Keep the demo's root, state and registry data.")
  boolean keep;

  private PrintWriter out;
  private int failures;

  @Override
  public void run() {
    out = spec.commandLine().getOut();
    String missing = whatIsMissing();
    if (missing != null) {
      throw new IllegalStateException(
          "the demo's agent and its containers need " + missing + "; this host lacks it");
    }
    Path work;
    try {
      work = Files.createTempDirectory("berth-demo-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the demo's directory: " + e.getMessage(), e);
    }
    try {
      demo(work);
    } catch (IOException e) {
      throw new IllegalStateException("demo: " + e.getMessage(), e);
    } finally {
      if (!keep) {
        try {
          FileTrees.delete(work);
        } catch (IOException e) {
          spec.commandLine()
              .getErr()
              .println("berth: could not remove " + work + ": " + e.getMessage());
        }
      } else {
        step("Kept " + work + ".");
      }
    }
    if (failures > 0) {
      throw new IllegalStateException(
          "the demo did not go as it should: " + failures + " command(s) failed");
    }
  }

  private void demo(Path work) throws IOException {
    int webPort = freePort();
    int hookPort = freePort();
    URI hook = URI.create("http://127.0.0.1:" + hookPort + "/v1/hooks/registry");
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"), List.of(hook))) {
      step(
          "A registry (the CNCF distribution server) listens on "
              + registry.host()
              + ", and notifies berth's webhook of every push.");
      DemoImages images = new DemoImages(work.resolve("images"));
      List<String> httpd = List.of("httpd", "-f", "-p", Integer.toString(webPort), "-h", "/app");
      String web = images.push(registry, "demo/web:latest", "1", httpd);
      step(
          "Pushed version 1 of a small web service: "
              + web
              + " (busybox httpd, built with umoci, pushed with skopeo).");

      Path config = work.resolve("berth.yaml");
      Files.writeString(
          config,
          """
          registries:
            "%s": {tlsVerify: false}      # the demo registry speaks plain HTTP
          services:
            web:
              image: %s
              network: host                 # so it answers on 127.0.0.1:%d
              update: {interval: 1h, minRunning: 2s}   # pushes arrive by webhook; no need to poll
              restart: {policy: always, backoff: 1s}
              stopTimeout: 5s
          """
              .formatted(registry.host(), web, webPort));
      step("The agent's configuration, " + config.getFileName() + ":");
      Files.readAllLines(config).forEach(line -> out.println("    " + line));
      out.flush();

      List<String> home =
          List.of(
              "--root", work.resolve("root").toString(),
              "--state", work.resolve("state").toString());
      step(
          "No agent yet: berth pull works on a bare machine, in its own process (verified,"
              + " each layer unpacked once):");
      berth(home, "pull", "--tls-verify=false", web);
      try (DemoAgent agent = startAgent(work, home, config, hookPort);
          RemoteBerth berth = RemoteBerth.connect(agent.socket())) {
        step(
            "The agent (berth agent, a process of its own; its log in "
                + work.resolve("agent.log")
                + ") keeps the service running:");
        await("web to run", () -> "running".equals(status(berth)));
        await("web to answer", () -> answer(webPort).contains("version 1"));
        out.println("    GET http://127.0.0.1:" + webPort + "/  ->  " + answer(webPort).strip());
        berth(home, "service", "ls");

        long start = System.nanoTime();
        images.push(registry, "demo/web:latest", "2", httpd);
        step(
            "Pushed version 2. The registry tells the agent; the agent pulls only the new layer,"
                + " stops version 1 (the port is the host's) and starts version 2:");
        await("version 2 to answer", () -> answer(webPort).contains("version 2"));
        out.printf(
            "    GET http://127.0.0.1:%d/  ->  %s   (%.1f s after the push)%n",
            webPort, answer(webPort).strip(), (System.nanoTime() - start) / 1e9);

        images.push(
            registry,
            "demo/web:latest",
            "3",
            List.of("sh", "-c", "echo version 3 is broken >&2; exit 1"));
        step(
            "Pushed version 3, which exits at once. The agent tries it, sees it fail, and rolls back:");
        await(
            "the rollback",
            () ->
                berth.services().history("web", 5).stream()
                    .anyMatch(h -> "rolled-back".equals(h.outcome())));
        await("version 2 to answer again", () -> answer(webPort).contains("version 2"));
        out.println("    GET http://127.0.0.1:" + webPort + "/  ->  " + answer(webPort).strip());
        berth(home, "service", "history", "web");
        ServiceInfo after = berth.services().inspect("web");
        step(
            "Version 3 ("
                + badDigest(berth)
                + ") is not tried again until the tag moves; "
                + after.name()
                + " runs "
                + after.digest().substring(7, 19)
                + ".");

        String hello = images.push(registry, "demo/hello:1", "1", List.of("cat", "/app/version"));
        containers(home, hello);
      }
    }
    step(
        "Done: the agent stopped the service, the registry is gone, and so is every file the demo made.");
  }

  private static String status(Berth berth) {
    return berth.services().inspect("web").status();
  }

  /**
   * Containers on demand, as a user runs them: each command reaches the agent through its socket,
   * and the agent pulls what they need.
   */
  private void containers(List<String> home, String image) {
    step(
        "Pushed "
            + image
            + ". The agent also runs containers on demand; each command reaches it through its"
            + " socket:");
    berth(home, "pull", image);
    berth(home, "run", "--rm", image);
    berth(home, "run", "-d", "--name", "hello", image, "sleep", "60");
    berth(home, "ps");
    berth(home, "exec", "hello", "cat", "/app/version");
    berth(home, "rm", "-f", "hello");
  }

  /**
   * {@code berth agent} for the demo's root and state with its config and webhook, as a process of
   * its own, as a host runs it.
   */
  private static DemoAgent startAgent(Path work, List<String> home, Path config, int hookPort)
      throws IOException {
    List<String> command = new ArrayList<>(berthCommand());
    command.addAll(home);
    command.addAll(
        List.of("agent", "--config", config.toString(), "--webhook", "127.0.0.1:" + hookPort));
    Path socket = work.resolve("state").resolve("berth.sock");
    return DemoAgent.start(command, socket, work.resolve("agent.log"));
  }

  /** This JVM's java, class path and main class: how to start another berth. */
  private static List<String> berthCommand() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return List.of(
        java,
        "-XX:+UseSerialGC",
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        System.getProperty("java.class.path"),
        Main.class.getName());
  }

  /** What the agent and its containers need and this host lacks; null when it has it all. */
  private static String whatIsMissing() {
    try {
      if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
        return "root";
      }
    } catch (IOException | UnsupportedOperationException e) {
      return "root";
    }
    return Files.isExecutable(Path.of("/usr/sbin/runc")) ? null : "runc (apt-get install runc)";
  }

  private static String badDigest(Berth berth) {
    return berth.services().history("web", 5).stream()
        .filter(h -> "rolled-back".equals(h.outcome()))
        .map(ServiceHistory::to)
        .map(d -> d.substring(7, 19))
        .findFirst()
        .orElse("?");
  }

  /** The service's answer, or "" while it does not answer. */
  private static String answer(int port) {
    try {
      HttpURLConnection http =
          (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
      http.setConnectTimeout(1000);
      http.setReadTimeout(2000);
      try (InputStream in = http.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .replaceAll("<[^>]*>", " ")
            .replaceAll("\\s+", " ")
            .strip();
      } finally {
        http.disconnect();
      }
    } catch (IOException e) {
      return "";
    }
  }

  private void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (done.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // not there yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException(
        "the demo waited " + PATIENCE.toSeconds() + " s for " + what + " in vain");
  }

  private void step(String text) {
    out.println();
    out.println("## " + text);
    out.flush();
  }

  /** Runs a berth command against the demo's agent, as a user would type it; counts failures. */
  private void berth(List<String> home, String... args) {
    out.println();
    out.println("$ berth " + String.join(" ", args));
    out.flush();
    List<String> argv = new ArrayList<>(home);
    argv.addAll(List.of(args));
    if (Main.run(argv.toArray(String[]::new), out, spec.commandLine().getErr()) != 0) {
      failures++;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
