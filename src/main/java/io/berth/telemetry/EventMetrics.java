package io.berth.telemetry;

import io.berth.events.Event;
import io.berth.runtime.ContainerRecord;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the event bus reports: container starts and exits, service restarts, upgrades and
 * rollbacks, pulls, health checks and health changes, config reloads. Series are labelled by
 * service name, never by container id, and a removed service's series go away.
 */
final class EventMetrics implements Consumer<Event> {
  private static final Logger LOG = LoggerFactory.getLogger(EventMetrics.class);

  /** The label the supervisor gives a service's containers. */
  static final String SERVICE_LABEL = "io.berth.service";

  static final List<String> HEALTH_STATES = List.of("healthy", "unhealthy", "starting");

  private static final double[] PULL_SECONDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
  private static final double[] CHECK_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final HostView host;
  private final Map<String, String> services = new ConcurrentHashMap<>();

  private final Counter containerStarts;
  private final Counter containerExits;
  private final Counter restarts;
  private final Counter upgrades;
  private final Counter rollbacks;
  private final Counter pulls;
  private final Counter pulledBytes;
  private final Histogram pullSeconds;
  private final Counter checks;
  private final Histogram checkSeconds;
  private final Gauge health;
  private final Counter reloads;
  private final List<StatefulMetric<?, ?>> byService;

  EventMetrics(PrometheusRegistry registry, HostView host) {
    this.host = host;
    containerStarts =
        Counter.builder()
            .name("berth_container_starts")
            .help("Containers started, by the service they run (empty for a plain container).")
            .labelNames("service")
            .register(registry);
    containerExits =
        Counter.builder()
            .name("berth_container_exits")
            .help(
                "Container processes that ended, by service and exit code (128+N for signal N;"
                    + " unknown for an adopted container whose status went to its former parent).")
            .labelNames("service", "code")
            .register(registry);
    restarts =
        Counter.builder()
            .name("berth_service_restarts")
            .help(
                "Service restarts: scheduled by the restart policy after an exit (trigger=policy),"
                    + " or asked for and done (trigger=user).")
            .labelNames("service", "trigger")
            .register(registry);
    upgrades =
        Counter.builder()
            .name("berth_service_upgrades")
            .help("Upgrades to a new image digest that came up and were kept.")
            .labelNames("service")
            .register(registry);
    rollbacks =
        Counter.builder()
            .name("berth_service_rollbacks")
            .help(
                "Rollbacks: of a new version that did not come up (trigger=failure), or asked for"
                    + " (trigger=user).")
            .labelNames("service", "trigger")
            .register(registry);
    pulls =
        Counter.builder()
            .name("berth_image_pulls")
            .help("Image pulls, by result (success or failure).")
            .labelNames("result")
            .register(registry);
    pulledBytes =
        Counter.builder()
            .name("berth_image_pulled_bytes")
            .help("Compressed layer bytes downloaded from registries.")
            .register(registry);
    pullSeconds =
        Histogram.builder()
            .name("berth_image_pull_duration_seconds")
            .help("How long image pulls took, by result.")
            .labelNames("result")
            .classicOnly()
            .classicUpperBounds(PULL_SECONDS)
            .register(registry);
    checks =
        Counter.builder()
            .name("berth_health_checks")
            .help("Health check runs, by service, task, check and status (passing or failing).")
            .labelNames("service", "task", "check", "status")
            .register(registry);
    checkSeconds =
        Histogram.builder()
            .name("berth_health_check_duration_seconds")
            .help("How long health checks took, by service, task and check.")
            .labelNames("service", "task", "check")
            .classicOnly()
            .classicUpperBounds(CHECK_SECONDS)
            .register(registry);
    health =
        Gauge.builder()
            .name("berth_health_status")
            .help(
                "A service task's health: 1 for its current status (healthy, unhealthy or"
                    + " starting), 0 for the others.")
            .labelNames("service", "task", "status")
            .register(registry);
    reloads =
        Counter.builder()
            .name("berth_config_reloads")
            .help(
                "Configuration reloads, by result (success, or failure: the last good one stays).")
            .labelNames("result")
            .register(registry);
    for (String result : List.of("success", "failure")) {
      pulls.initLabelValues(result);
      reloads.initLabelValues(result);
    }
    byService =
        List.of(
            containerStarts,
            containerExits,
            restarts,
            upgrades,
            rollbacks,
            checks,
            checkSeconds,
            health);
  }

  @Override
  public void accept(Event event) {
    Map<String, String> a = event.attributes();
    String subject = event.subject() == null ? "" : event.subject();
    switch (event.type()) {
      case "container.create", "container.adopt" -> serviceOf(subject);
      case "container.start" -> containerStarts.labelValues(serviceOf(subject)).inc();
      case "container.exit" ->
          containerExits
              .labelValues(serviceOf(subject), a.getOrDefault("exitCode", "unknown"))
              .inc();
      case "container.remove" -> services.remove(subject);
      case "service.restart" ->
          restarts.labelValues(subject, a.containsKey("attempt") ? "policy" : "user").inc();
      case "service.upgrade" -> upgrades.labelValues(subject).inc();
      case "service.rollback" ->
          rollbacks.labelValues(subject, a.containsKey("reason") ? "failure" : "user").inc();
      case "service.remove" -> forget(subject);
      case "image.pull" -> {
        pulls.labelValues("success").inc();
        number(a.get("bytes")).ifPresent(pulledBytes::inc);
        number(a.get("millis"))
            .ifPresent(ms -> pullSeconds.labelValues("success").observe(ms / 1000));
      }
      case "image.pull.fail" -> {
        pulls.labelValues("failure").inc();
        number(a.get("millis"))
            .ifPresent(ms -> pullSeconds.labelValues("failure").observe(ms / 1000));
      }
      case "check.result" -> {
        String task = a.getOrDefault("task", "");
        String check = a.getOrDefault("check", "");
        checks.labelValues(subject, task, check, a.getOrDefault("status", "unknown")).inc();
        number(a.get("millis"))
            .ifPresent(ms -> checkSeconds.labelValues(subject, task, check).observe(ms / 1000));
      }
      case "health.change" -> healthChanged(subject, a.getOrDefault("task", ""), a.get("status"));
      case "config.reload" -> reloads.labelValues("success").inc();
      case "config.invalid" -> reloads.labelValues("failure").inc();
      default -> {}
    }
  }

  private void healthChanged(String service, String task, String status) {
    if (status == null) {
      return;
    }
    Set<String> states = new java.util.LinkedHashSet<>(HEALTH_STATES);
    states.add(status);
    for (String state : states) {
      health.labelValues(service, task, state).set(state.equals(status) ? 1 : 0);
    }
  }

  /** Drops every series of a service that is no longer declared. */
  private void forget(String service) {
    for (StatefulMetric<?, ?> metric : byService) {
      metric.removeIf(labels -> labels.getFirst().equals(service));
    }
  }

  /**
   * Which service a container runs (empty for none), learned from the store once, when it is
   * created or adopted, and kept until it is removed, so that later events need no lookup.
   */
  private String serviceOf(String id) {
    String known = services.get(id);
    if (known != null) {
      return known;
    }
    try {
      Optional<ContainerRecord> record = host.container(id);
      if (record.isPresent()) {
        String service = record.get().spec().labels().getOrDefault(SERVICE_LABEL, "");
        services.put(id, service);
        return service;
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("container {}: not found for its metrics: {}", id, e.toString());
    }
    return "";
  }

  private static Optional<Double> number(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      double value = Double.parseDouble(text);
      return Double.isFinite(value) && value >= 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
