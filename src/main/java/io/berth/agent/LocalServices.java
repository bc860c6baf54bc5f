package io.berth.agent;

import io.berth.api.ApiException;
import io.berth.api.ConfigStatus;
import io.berth.api.RegistryPush;
import io.berth.api.ServiceHistory;
import io.berth.api.ServiceInfo;
import io.berth.api.Services;
import io.berth.api.TaskInfo;
import io.berth.spec.Json;
import io.berth.supervise.HistoryEntry;
import io.berth.supervise.ServiceAction;
import io.berth.supervise.ServiceSupervisor;
import io.berth.supervise.ServiceView;
import io.berth.supervise.TaskView;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The services resource, served by this agent's {@link ServiceSupervisor}. */
final class LocalServices implements Services {
  private static final Duration ACTION_LIMIT = Duration.ofMinutes(10);
  private final ServiceSupervisor supervisor;
  private final ConfigManager config;

  LocalServices(ServiceSupervisor supervisor, ConfigManager config) {
    this.supervisor = supervisor;
    this.config = config;
  }

  @Override
  public List<ServiceInfo> list() {
    return supervisor.list().stream().map(LocalServices::info).toList();
  }

  @Override
  public ServiceInfo inspect(String name) {
    return supervisor
        .get(name)
        .map(LocalServices::info)
        .orElseThrow(() -> ApiException.notFound("no service '%s'".formatted(name)));
  }

  @Override
  public ServiceInfo act(String name, String action) {
    ServiceAction parsed;
    try {
      parsed = ServiceAction.parse(action);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    try {
      return info(supervisor.act(name, parsed, ACTION_LIMIT));
    } catch (IOException | RuntimeException e) {
      throw Failures.translate(action + " service " + name, e);
    }
  }

  @Override
  public ServiceInfo maintenance(String name, boolean on) {
    try {
      return info(supervisor.maintenance(name, on));
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("maintenance of service " + name, e);
    }
  }

  @Override
  public List<String> maintenanceAll(Boolean on) {
    return supervisor.maintenanceAll(on);
  }

  @Override
  public void signal(String name, String task, String signal) {
    try {
      supervisor.signal(name, task, signal);
    } catch (IOException | RuntimeException e) {
      throw Failures.translate("signal service " + name, e);
    }
  }

  @Override
  public ServiceInfo task(String name, String task, String action) {
    try {
      return info(supervisor.task(name, task, action));
    } catch (IOException | RuntimeException e) {
      throw Failures.translate(action + " task " + task + " of service " + name, e);
    }
  }

  @Override
  public List<ServiceHistory> history(String name, int limit) {
    if (supervisor.get(name).isEmpty()) {
      throw ApiException.notFound("no service '%s'".formatted(name));
    }
    try {
      return supervisor.history(name, limit).stream().map(LocalServices::history).toList();
    } catch (IOException e) {
      throw Failures.translate("history of " + name, e);
    }
  }

  @Override
  public ConfigStatus reload() {
    return config.reload();
  }

  @Override
  public ConfigStatus config() {
    return config.status();
  }

  @Override
  public List<String> pushed(RegistryPush push) {
    return supervisor.pushed(push.registry(), push.repository(), push.tag());
  }

  static ServiceInfo info(ServiceView v) {
    return new ServiceInfo(
        v.name(),
        v.spec().image(),
        v.status(),
        v.containerId(),
        v.digest(),
        v.previous(),
        v.pinned(),
        v.restarts(),
        v.lastExitCode(),
        v.nextAttempt(),
        v.nextCheck(),
        v.lastError(),
        Json.lenient().valueToTree(v.spec()),
        v.health(),
        v.maintenance(),
        v.tasks().stream().map(LocalServices::task).toList());
  }

  private static TaskInfo task(TaskView t) {
    return new TaskInfo(
        t.name(),
        t.role(),
        t.status(),
        t.pid(),
        t.restarts(),
        t.exitCode(),
        t.health(),
        t.checks().stream()
            .map(
                c ->
                    new TaskInfo.Check(
                        c.name(),
                        c.target(),
                        c.status(),
                        c.failures(),
                        c.successes(),
                        c.lastPass(),
                        c.lastRun(),
                        c.lastMillis(),
                        c.output()))
            .toList(),
        t.runs().stream()
            .map(
                r ->
                    new TaskInfo.Run(r.started(), r.ended(), r.outcome(), r.exitCode(), r.output()))
            .toList());
  }

  private static ServiceHistory history(HistoryEntry e) {
    return new ServiceHistory(
        e.service(),
        e.kind(),
        e.from() == null ? null : e.from().toString(),
        e.to() == null ? null : e.to().toString(),
        e.started(),
        e.finished(),
        e.outcome(),
        e.reason());
  }

  /** For engines without an agent's supervisor: services need the agent. */
  static Services unavailable() {
    return new Services() {
      private ApiException why() {
        return new ApiException(
            ApiException.Kind.UNAVAILABLE,
            "services are kept by the agent: start it with 'berth agent -c FILE'");
      }

      @Override
      public List<ServiceInfo> list() {
        throw why();
      }

      @Override
      public ServiceInfo inspect(String name) {
        throw why();
      }

      @Override
      public ServiceInfo act(String name, String action) {
        throw why();
      }

      @Override
      public ServiceInfo maintenance(String name, boolean on) {
        throw why();
      }

      @Override
      public List<String> maintenanceAll(Boolean on) {
        throw why();
      }

      @Override
      public void signal(String name, String task, String signal) {
        throw why();
      }

      @Override
      public ServiceInfo task(String name, String task, String action) {
        throw why();
      }

      @Override
      public List<ServiceHistory> history(String name, int limit) {
        throw why();
      }

      @Override
      public ConfigStatus reload() {
        throw why();
      }

      @Override
      public ConfigStatus config() {
        throw why();
      }

      @Override
      public List<String> pushed(RegistryPush push) {
        throw why();
      }
    };
  }
}
