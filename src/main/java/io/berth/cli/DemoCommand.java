package io.berth.cli;

import io.berth.agent.AgentConfigs;
import io.berth.agent.AgentOptions;
import io.berth.agent.EmbeddedAgent;
import io.berth.agent.Engine;
import io.berth.agent.Settings;
import io.berth.api.ServiceHistory;
import io.berth.api.ServiceInfo;
import io.berth.demo.DemoImages;
import io.berth.demo.LocalRegistry;
import io.berth.os.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth demo}: berth's main job on a machine with nothing set up. A registry on loopback, a
 * small web service declared in a configuration, an agent keeping it running; then a new version
 * pushed and upgraded to within seconds (the registry's webhook), and a broken one rolled back.
 * Everything lives in a temporary directory, removed at the end.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show berth at work without the internet: a local registry, a web service the agent keeps",
      "running, an upgrade when a new version is pushed, a broken version rolled back.",
      "Uses a temporary root and state, removed at the end unless --keep is given."
    })
final class DemoCommand implements Runnable {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--keep", description = "Keep the demo's root, state and registry data.")
  boolean keep;

  private PrintWriter out;

  @Override
  public void run() {
    out = spec.commandLine().getOut();
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

      Settings settings = Settings.of(work.resolve("root"), work.resolve("state"));
      AgentConfigs.Resolved source = AgentConfigs.resolve(config.toString(), Map.of(), settings);
      AgentOptions options =
          new AgentOptions(
              Engine.Recovery.adopt,
              source.loader(),
              config,
              null,
              new InetSocketAddress("127.0.0.1", hookPort),
              null);
      try (EmbeddedAgent agent = EmbeddedAgent.start(settings, options)) {
        step("The agent runs (in this process) and keeps the service running:");
        await("web to run", () -> "running".equals(status(agent)));
        await("web to answer", () -> answer(webPort).contains("version 1"));
        out.println("    GET http://127.0.0.1:" + webPort + "/  ->  " + answer(webPort).strip());
        berth(settings, "service", "ls");

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
                agent.berth().services().history("web", 5).stream()
                    .anyMatch(h -> "rolled-back".equals(h.outcome())));
        await("version 2 to answer again", () -> answer(webPort).contains("version 2"));
        out.println("    GET http://127.0.0.1:" + webPort + "/  ->  " + answer(webPort).strip());
        berth(settings, "service", "history", "web");
        ServiceInfo after = agent.berth().services().inspect("web");
        step(
            "Version 3 ("
                + badDigest(agent)
                + ") is not tried again until the tag moves; "
                + after.name()
                + " runs "
                + after.digest().substring(7, 19)
                + ".");
      }
    }
    step(
        "Done: the agent stopped the service, the registry is gone, and so is every file the demo made.");
  }

  private static String status(EmbeddedAgent agent) {
    return agent.berth().services().inspect("web").status();
  }

  private static String badDigest(EmbeddedAgent agent) {
    return agent.berth().services().history("web", 5).stream()
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

  /** Runs a berth command against the demo's agent, as a user would type it. */
  private void berth(Settings settings, String... args) {
    out.println();
    out.println("$ berth " + String.join(" ", args));
    out.flush();
    List<String> argv =
        new ArrayList<>(
            List.of("--root", settings.root().toString(), "--state", settings.state().toString()));
    argv.addAll(List.of(args));
    Main.run(argv.toArray(String[]::new), out, spec.commandLine().getErr());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
