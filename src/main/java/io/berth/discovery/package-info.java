/**
 * Service discovery: a {@link io.berth.discovery.Registry} of the instances of each service, kept
 * in coord's revisioned keys (embedded in the agent, or etcd) under leases that vanish with the
 * agent; the {@link io.berth.discovery.Registrar} that registers a service while it runs healthy
 * and out of maintenance; and the address it advertises, from ContainerPilot's interface
 * specifications.
 *
 * <p>May depend on: {@code coord}, {@code spec}, {@code events}.
 */
package io.berth.discovery;
