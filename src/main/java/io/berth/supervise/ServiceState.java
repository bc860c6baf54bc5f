package io.berth.supervise;

import io.berth.spec.Digest;
import java.time.Instant;
import java.util.List;

/**
 * What the agent keeps about a service between its restarts, beside the declaration: which
 * container runs it, from which digest, the digest before (for rollback), digests that failed (not
 * retried until the tag moves), whether a user stopped it, and how its restarts go.
 *
 * @param containerId the container that runs the service now, or null
 * @param digest the manifest digest that container runs
 * @param previous the digest before the last successful upgrade, for rollback
 * @param bad digests that failed to come up; skipped until the tag names another digest
 * @param stopped a user stopped the service: it stays stopped until started
 * @param generation increases with every container the service gets; names it ({@code web-7})
 * @param restarts restarts within the current window
 * @param windowStart when the current restart window began
 */
public record ServiceState(
    String name,
    String containerId,
    Digest digest,
    Digest previous,
    List<Digest> bad,
    boolean stopped,
    long generation,
    int restarts,
    Instant windowStart) {

  public ServiceState {
    bad = bad == null ? List.of() : List.copyOf(bad);
  }

  public static ServiceState initial(String name) {
    return new ServiceState(name, null, null, null, List.of(), false, 0, 0, null);
  }

  ServiceState withContainer(String id, Digest runs) {
    return new ServiceState(
        name, id, runs, previous, bad, stopped, generation, restarts, windowStart);
  }

  ServiceState withoutContainer() {
    return new ServiceState(
        name, null, digest, previous, bad, stopped, generation, restarts, windowStart);
  }

  ServiceState upgraded(String id, Digest to) {
    return new ServiceState(name, id, to, digest, bad, stopped, generation, 0, null);
  }

  ServiceState withBad(Digest failed) {
    List<Digest> more = new java.util.ArrayList<>(bad);
    if (!more.contains(failed)) {
      more.add(failed);
    }
    // only the last few matter: the tag moves on
    while (more.size() > 10) {
      more.removeFirst();
    }
    return new ServiceState(
        name, containerId, digest, previous, more, stopped, generation, restarts, windowStart);
  }

  ServiceState withStopped(boolean value) {
    return new ServiceState(
        name, containerId, digest, previous, bad, value, generation, restarts, windowStart);
  }

  ServiceState nextGeneration() {
    return new ServiceState(
        name, containerId, digest, previous, bad, stopped, generation + 1, restarts, windowStart);
  }

  ServiceState withRestarts(int count, Instant since) {
    return new ServiceState(
        name, containerId, digest, previous, bad, stopped, generation, count, since);
  }

  ServiceState withPrevious(Digest value) {
    return new ServiceState(
        name, containerId, digest, value, bad, stopped, generation, restarts, windowStart);
  }
}
