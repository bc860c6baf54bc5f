package io.berth.supervise;

import io.berth.runtime.ContainerRuntime;
import io.berth.spec.ServiceSpec;
import java.util.concurrent.CompletableFuture;

/** What a service controller is asked to do; handled one at a time, in order. */
sealed interface Command {
  /** Make what runs match what is declared. */
  record Reconcile() implements Command {}

  /** A container of the service ended. */
  record Exited(String containerId, ContainerRuntime.ExitRecord exit) implements Command {}

  /** The main process of a container of the service turned unhealthy. */
  record Unhealthy(String containerId, String reason) implements Command {}

  /** Something a container of the service read changed (a template): replace the container. */
  record Restart(String containerId, String reason) implements Command {}

  /** Check the tag for a new digest (on schedule, or now for a webhook). */
  record CheckUpdate(boolean now) implements Command {}

  /** The declaration changed (a config reload). */
  record Declare(ServiceSpec spec) implements Command {}

  /** A user command: start, stop, restart, rollback; {@code done} completes with the outcome. */
  record User(ServiceAction action, CompletableFuture<ServiceView> done) implements Command {}

  /** The service was removed from the config, or the agent stops: stop by the stop policy. */
  record Retire(boolean removeContainers, CompletableFuture<Void> done) implements Command {}
}
