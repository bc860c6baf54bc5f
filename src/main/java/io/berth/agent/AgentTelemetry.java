package io.berth.agent;

import io.berth.api.ServiceInfo;
import io.berth.api.server.MetricsSource;
import io.berth.discovery.Candidate;
import io.berth.logging.AgentLog;
import io.berth.runtime.ContainerException;
import io.berth.runtime.ContainerRecord;
import io.berth.spec.BerthConfig;
import io.berth.spec.LogOverrides;
import io.berth.spec.RegistrationSpec;
import io.berth.spec.TelemetrySpec;
import io.berth.telemetry.Exposition;
import io.berth.telemetry.HostView;
import io.berth.telemetry.MetricsListener;
import io.berth.telemetry.Telemetry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's metrics and its own log: the telemetry that follows the engine's events, the TCP
 * listener for {@code /metrics} (from {@code --metrics}, else the config's {@code
 * telemetry.listen}, moved when a reload changes it) and its registration in discovery ({@code
 * telemetry.register}), and the config's {@code logging} block with the command line's overrides,
 * applied at start and on every reload.
 */
final class AgentTelemetry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentTelemetry.class);

  private final Telemetry telemetry;
  private final InetSocketAddress fixedAddress;
  private final LogOverrides logging;
  private MetricsListener listener;
  private String listening;
  private TelemetrySpec.Register register;

  private AgentTelemetry(
      Telemetry telemetry, InetSocketAddress fixedAddress, LogOverrides logging) {
    this.telemetry = telemetry;
    this.fixedAddress = fixedAddress;
    this.logging = logging;
  }

  /** Starts following the engine's events, and listens on {@code --metrics} when given. */
  static AgentTelemetry start(Engine engine, AgentOptions options) throws IOException {
    Telemetry telemetry = Telemetry.start(engine.eventBus(), new EngineView(engine));
    AgentTelemetry agent = new AgentTelemetry(telemetry, options.metrics(), options.logging());
    if (options.metrics() != null) {
      try {
        agent.listener = MetricsListener.start(options.metrics(), telemetry);
      } catch (IOException e) {
        telemetry.close();
        throw e;
      }
    }
    return agent;
  }

  /** Applies a config's {@code logging} and {@code telemetry} blocks; a failure fails the load. */
  synchronized void apply(BerthConfig config) throws IOException {
    if (logging != null) {
      AgentLog.configure(logging.over(config.logging()));
    }
    register = config.telemetry().register();
    String wanted = config.telemetry().listen();
    if (fixedAddress != null || Objects.equals(wanted, listening)) {
      return;
    }
    MetricsListener before = listener;
    String beforeAddress = listening;
    if (before != null) {
      before.close();
      listener = null;
      listening = null;
    }
    if (wanted == null) {
      return;
    }
    try {
      listener = MetricsListener.start(AgentConfigs.address(wanted), telemetry);
      listening = wanted;
      LOG.info("metrics served on {}:{}", listener.host(), listener.port());
    } catch (IOException e) {
      if (beforeAddress != null) {
        listener = MetricsListener.start(AgentConfigs.address(beforeAddress), telemetry);
        listening = beforeAddress;
      }
      throw e;
    }
  }

  Telemetry telemetry() {
    return telemetry;
  }

  /**
   * The metrics listener as discovery sees it, when the config says to register it: always fit to
   * serve while it listens, at its own address, or at the host's when it listens on all of them.
   */
  synchronized List<Candidate> discoveryCandidates() {
    if (register == null || listener == null) {
      return List.of();
    }
    InetAddress address = null;
    String host = listener.host();
    if (host != null && !host.isEmpty()) {
      try {
        InetAddress bound = InetAddress.getByName(host);
        address = bound.isAnyLocalAddress() ? null : bound;
      } catch (UnknownHostException e) {
        LOG.warn(
            "discovery: cannot resolve the metrics listener's host {}: {}", host, e.getMessage());
        return List.of();
      }
    }
    return List.of(
        Candidate.agentOwned(
            register.name(),
            new RegistrationSpec(listener.port(), register.tags(), null, null, address)));
  }

  /** What {@code GET /metrics} on the API serves. */
  MetricsSource source() {
    return accept -> {
      Exposition metrics = telemetry.scrape(accept);
      return new MetricsSource.Scrape(metrics.contentType(), metrics.body());
    };
  }

  synchronized Optional<Integer> port() {
    return Optional.ofNullable(listener).map(MetricsListener::port);
  }

  @Override
  public synchronized void close() {
    try {
      if (listener != null) {
        listener.close();
        listener = null;
      }
    } finally {
      telemetry.close();
    }
  }

  /** The engine's containers and services, as telemetry reads them. */
  private record EngineView(Engine engine) implements HostView {
    @Override
    public List<ContainerRecord> containers() throws IOException {
      return engine.runtime().list();
    }

    @Override
    public Optional<ContainerRecord> container(String id) throws IOException {
      try {
        return Optional.of(engine.runtime().find(id));
      } catch (ContainerException e) {
        return Optional.empty();
      }
    }

    @Override
    public Map<String, String> services() {
      Map<String, String> statuses = new LinkedHashMap<>();
      for (ServiceInfo service : engine.services().list()) {
        statuses.put(service.name(), service.status());
      }
      return statuses;
    }
  }
}
