package io.berth.telemetry;

import io.berth.runtime.CgroupStats;
import io.berth.runtime.ContainerRecord;
import io.berth.runtime.ContainerState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs, read when the metrics are scraped: containers by state, each running container's
 * cgroup figures (one reading per container per scrape), and services by status. A container that
 * is gone is simply not there: its series end with it.
 */
final class HostCollector implements MultiCollector {
  private static final Logger LOG = LoggerFactory.getLogger(HostCollector.class);
  private static final List<String> SERVICE_STATUSES =
      List.of(
          "starting",
          "running",
          "updating",
          "backoff",
          "crash-loop",
          "failed",
          "exited",
          "stopped");

  private final HostView host;
  private final CgroupStats cgroups;

  HostCollector(HostView host, CgroupStats cgroups) {
    this.host = host;
    this.cgroups = cgroups;
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> snapshots = new ArrayList<>(containers());
    snapshots.add(services());
    return new MetricSnapshots(snapshots);
  }

  private List<MetricSnapshot> containers() {
    List<ContainerRecord> records;
    try {
      records = host.containers();
    } catch (IOException | RuntimeException e) {
      LOG.warn("metrics: cannot list containers: {}", e.getMessage());
      records = List.of();
    }
    Map<ContainerState, Integer> byState = new EnumMap<>(ContainerState.class);
    for (ContainerState state : ContainerState.values()) {
      byState.put(state, 0);
    }
    Family cpu = new Family();
    Family memory = new Family();
    Family memoryLimit = new Family();
    Family pids = new Family();
    Family pidsLimit = new Family();
    Family read = new Family();
    Family written = new Family();
    for (ContainerRecord record : records) {
      byState.merge(record.state(), 1, Integer::sum);
      if (record.state() != ContainerState.RUNNING || record.pid() <= 0) {
        continue;
      }
      CgroupStats.Sample sample;
      try {
        sample = cgroups.sample(record.pid());
      } catch (IOException | RuntimeException e) {
        continue; // it ended between the listing and the reading
      }
      Labels labels =
          Labels.of(
              "container",
              record.name(),
              "service",
              record.spec().labels().getOrDefault(EventMetrics.SERVICE_LABEL, ""));
      cpu.add(labels, sample.cpuNanos() / 1e9);
      memory.add(labels, sample.memoryBytes());
      if (sample.memoryLimitBytes() > 0) {
        memoryLimit.add(labels, sample.memoryLimitBytes());
      }
      pids.add(labels, sample.pids());
      if (sample.pidsLimit() > 0) {
        pidsLimit.add(labels, sample.pidsLimit());
      }
      read.add(labels, sample.readBytes());
      written.add(labels, sample.writeBytes());
    }
    GaugeSnapshot.Builder states =
        GaugeSnapshot.builder()
            .name("berth_containers")
            .help("Containers this host's store knows, by state.");
    byState.forEach(
        (state, count) ->
            states.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("state", state.label()))
                    .value(count)
                    .build()));
    return List.of(
        states.build(),
        cpu.counter(
            "berth_container_cpu_seconds", "CPU time used by a running container's cgroup."),
        memory.gauge(
            "berth_container_memory_bytes", "Memory used by a running container's cgroup."),
        memoryLimit.gauge(
            "berth_container_memory_limit_bytes",
            "A running container's memory limit, when it has one."),
        pids.gauge(
            "berth_container_pids", "Processes and threads in a running container's cgroup."),
        pidsLimit.gauge(
            "berth_container_pids_limit", "A running container's pids limit, when it has one."),
        read.counter(
            "berth_container_io_read_bytes", "Bytes a running container's cgroup read from disks."),
        written.counter(
            "berth_container_io_written_bytes",
            "Bytes a running container's cgroup wrote to disks."));
  }

  private MetricSnapshot services() {
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    SERVICE_STATUSES.forEach(s -> byStatus.put(s, 0));
    try {
      host.services().values().forEach(status -> byStatus.merge(status, 1, Integer::sum));
    } catch (RuntimeException e) {
      LOG.debug("metrics: no services: {}", e.getMessage());
    }
    GaugeSnapshot.Builder services =
        GaugeSnapshot.builder().name("berth_services").help("Declared services, by status.");
    byStatus.forEach(
        (status, count) ->
            services.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("status", status))
                    .value(count)
                    .build()));
    return services.build();
  }

  /** The data points of one family, gathered over the containers. */
  private static final class Family {
    private final List<Labels> labels = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    void add(Labels point, double value) {
      labels.add(point);
      values.add(value);
    }

    MetricSnapshot gauge(String name, String help) {
      GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
      for (int i = 0; i < labels.size(); i++) {
        builder.dataPoint(
            GaugeDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)).build());
      }
      return builder.build();
    }

    MetricSnapshot counter(String name, String help) {
      CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
      for (int i = 0; i < labels.size(); i++) {
        builder.dataPoint(
            CounterDataPointSnapshot.builder().labels(labels.get(i)).value(values.get(i)).build());
      }
      return builder.build();
    }
  }
}
