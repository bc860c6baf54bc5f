package io.berth.discovery;

import io.berth.spec.RegistrationSpec;

/**
 * A service as registration sees it.
 *
 * @param name the service
 * @param registration how it is announced, or null when it has no port
 * @param hostNetwork it runs on the host's network (its address comes from the host's interfaces)
 * @param status the service's status: only {@code running} is registered
 * @param health {@code healthy}, {@code unhealthy} or {@code starting}; null without checks
 * @param maintenance it is in maintenance
 * @param containerId the container running it, or null
 */
public record Candidate(
    String name,
    RegistrationSpec registration,
    boolean hostNetwork,
    String status,
    String health,
    boolean maintenance,
    String containerId) {

  /** What the agent serves itself (its metrics listener): registered while it is offered. */
  public static Candidate agentOwned(String name, RegistrationSpec registration) {
    return new Candidate(name, registration, true, "running", null, false, AGENT);
  }

  /** The container id of {@link #agentOwned}: the agent, which runs no container for it. */
  public static final String AGENT = "agent";

  /** The rule: a service with a port, running, healthy or without checks, not in maintenance. */
  boolean eligible() {
    return registration != null
        && "running".equals(status)
        && containerId != null
        && (health == null || "healthy".equals(health))
        && !maintenance;
  }
}
