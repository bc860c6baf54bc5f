package io.berth.agent;

import io.berth.api.ContainerDetails;
import io.berth.api.ContainerSummary;
import io.berth.api.CreateContainer;
import io.berth.api.ExitResult;
import io.berth.api.LayerProgress;
import io.berth.api.LogLine;
import io.berth.api.LogQuery;
import io.berth.api.PullProgress;
import io.berth.api.RunWatcher;
import io.berth.api.WaitCondition;
import io.berth.testing.BerthHome;
import io.berth.testing.PushedImage;
import io.berth.testing.TestRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An engine that supervises containers in the test's JVM (as a foreground {@code berth run} does),
 * over its own root and state, pulling from a test registry.
 */
final class ContainerFixture implements AutoCloseable {
  final BerthHome home;
  final Engine engine;

  ContainerFixture(TestRegistry registry) {
    home = BerthHome.create().trust(registry);
    try {
      engine = Engine.open(home.settings(), Engine.Mode.FOREGROUND);
    } catch (java.io.IOException e) {
      home.close();
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Creates, starts and waits for a container; returns what it printed and how it ended. */
  Run run(CreateContainer request) {
    ContainerDetails created = engine.containers().create(request, PullProgress.NONE);
    List<LogLine> lines = Collections.synchronizedList(new ArrayList<>());
    Thread follower =
        Thread.ofVirtual()
            .start(
                () ->
                    engine
                        .containers()
                        .logs(created.id(), new LogQuery(true, -1, null, false), lines::add));
    engine.containers().start(created.id());
    // As berth run: with auto-remove, until the container is gone.
    ExitResult exit =
        engine
            .containers()
            .await(
                created.id(),
                Duration.ofMinutes(1),
                request.autoRemove() ? WaitCondition.REMOVED : WaitCondition.NOT_RUNNING);
    try {
      follower.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Run(created.id(), exit, List.copyOf(lines));
  }

  /** Runs a container in one call ({@code Containers.run}), as {@code berth run} does. */
  Run attached(CreateContainer request) {
    List<LogLine> lines = Collections.synchronizedList(new ArrayList<>());
    List<ContainerSummary> started = Collections.synchronizedList(new ArrayList<>());
    ExitResult exit =
        engine
            .containers()
            .run(
                request,
                new RunWatcher() {
                  @Override
                  public void update(LayerProgress update) {}

                  @Override
                  public void started(ContainerSummary container) {
                    started.add(container);
                  }

                  @Override
                  public void line(LogLine line) {
                    if (started.isEmpty()) {
                      throw new AssertionError("output before the container started: " + line);
                    }
                    lines.add(line);
                  }
                });
    if (started.size() != 1) {
      throw new AssertionError("the container started " + started.size() + " times");
    }
    return new Run(started.getFirst().id(), exit, List.copyOf(lines));
  }

  /** A container of {@code image} running {@code command}. */
  static CreateContainer request(PushedImage image, String... command) {
    return CreateContainer.of(image.reference(), List.of(command));
  }

  @Override
  public void close() {
    engine.close();
    home.close();
  }

  /** What one container run gave. */
  record Run(String id, ExitResult exit, List<LogLine> lines) {
    String stdout() {
      return stream("stdout");
    }

    String stderr() {
      return stream("stderr");
    }

    private String stream(String name) {
      StringBuilder text = new StringBuilder();
      for (LogLine line : lines) {
        if (line.stream().equals(name)) {
          text.append(line.text()).append(line.partial() ? "" : "\n");
        }
      }
      return text.toString();
    }

    int code() {
      return exit.exitCode();
    }
  }
}
