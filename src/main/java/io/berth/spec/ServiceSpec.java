package io.berth.spec;

import java.time.Duration;

/**
 * A service: what the user declares and the agent keeps true. One container at a time runs it, from
 * the newest image of its tag (or the digest it is pinned to), restarted by its restart policy,
 * upgraded by its update policy, stopped by its stop policy.
 *
 * @param name the service's name, unique in the config: letters, digits, '-', '_', '.'
 * @param container the container to run: image, command, env, mounts, user, limits...; its name is
 *     berth's to choose
 * @param lifecycle the processes run in the container besides the main one, hooks and health
 * @param registration how it is announced in discovery, or null when it is not (no {@code port})
 * @param kvAccess the configuration store its containers may read with a token of their own, or
 *     null for none
 */
public record ServiceSpec(
    String name,
    ContainerSpec container,
    RestartPolicy restart,
    UpdatePolicy update,
    StopPolicy stop,
    Lifecycle lifecycle,
    RegistrationSpec registration,
    KvAccess kvAccess) {

  public ServiceSpec {
    if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException(
          "invalid service name '%s': letters, digits, '_', '.' and '-', up to 63, starting with a letter or digit"
              .formatted(name));
    }
    if (container == null) {
      throw new IllegalArgumentException("service %s has no container".formatted(name));
    }
    if (container.autoRemove()) {
      throw new IllegalArgumentException(
          "service %s: a service's containers are kept for their logs; autoRemove does not apply"
              .formatted(name));
    }
    restart = restart == null ? RestartPolicy.DEFAULT : restart;
    update = update == null ? UpdatePolicy.DEFAULT : update;
    stop = stop == null ? StopPolicy.DEFAULT : stop;
    lifecycle = lifecycle == null ? Lifecycle.NONE : lifecycle;
  }

  /** A service without access to the configuration store. */
  public ServiceSpec(
      String name,
      ContainerSpec container,
      RestartPolicy restart,
      UpdatePolicy update,
      StopPolicy stop,
      Lifecycle lifecycle,
      RegistrationSpec registration) {
    this(name, container, restart, update, stop, lifecycle, registration, null);
  }

  /** A service not announced in discovery. */
  public ServiceSpec(
      String name,
      ContainerSpec container,
      RestartPolicy restart,
      UpdatePolicy update,
      StopPolicy stop,
      Lifecycle lifecycle) {
    this(name, container, restart, update, stop, lifecycle, null);
  }

  /** A service whose container runs its own command alone. */
  public ServiceSpec(
      String name,
      ContainerSpec container,
      RestartPolicy restart,
      UpdatePolicy update,
      StopPolicy stop) {
    this(name, container, restart, update, stop, null, null);
  }

  /** The same service, announced in discovery as {@code newRegistration} says (null: not). */
  public ServiceSpec withRegistration(RegistrationSpec newRegistration) {
    return new ServiceSpec(
        name, container, restart, update, stop, lifecycle, newRegistration, kvAccess);
  }

  /** The image reference as declared. */
  public String image() {
    return container.image();
  }

  /**
   * When an exited container is started again.
   *
   * @param mode always, on-failure (a non-zero exit), or never
   * @param maxAttempts restarts allowed within {@code window} before the service is declared
   *     crash-looping; after the window passes without a restart the count starts over
   * @param window the window the attempts are counted in
   * @param initialBackoff the first delay before a restart, doubled for each further one
   * @param maxBackoff the longest delay; jitter of up to a quarter is added to every delay
   */
  public record RestartPolicy(
      Mode mode, int maxAttempts, Duration window, Duration initialBackoff, Duration maxBackoff) {
    public static final RestartPolicy DEFAULT =
        new RestartPolicy(
            Mode.ALWAYS, 5, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(1));

    public RestartPolicy {
      mode = mode == null ? Mode.ALWAYS : mode;
      if (maxAttempts < 0) {
        throw new IllegalArgumentException("restart.maxAttempts cannot be negative");
      }
      window = positive(window, Duration.ofMinutes(5), "restart.window");
      initialBackoff = positive(initialBackoff, Duration.ofSeconds(1), "restart.backoff");
      maxBackoff = positive(maxBackoff, Duration.ofMinutes(1), "restart.maxBackoff");
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("restart.maxBackoff is shorter than restart.backoff");
      }
    }

    /** Restart modes, as Docker and Nomad name them. */
    public enum Mode {
      ALWAYS,
      ON_FAILURE,
      NEVER
    }
  }

  /**
   * How the service follows its tag.
   *
   * @param enabled whether the agent checks the tag and upgrades on its own
   * @param interval how often the tag is checked with a HEAD request
   * @param jitter up to this much is added to each interval, so many agents do not ask at once
   * @param order start the new container first (no downtime) or stop the old one first (for
   *     exclusive resources, such as a port on the host network); AUTO picks stop-first for
   *     host-network services, start-first otherwise
   * @param minRunning how long a new container must run before it counts as up, when the service
   *     has no health check
   * @param deadline how long a new version has to come up before it is rolled back
   */
  public record UpdatePolicy(
      boolean enabled,
      Duration interval,
      Duration jitter,
      Order order,
      Duration minRunning,
      Duration deadline) {
    public static final UpdatePolicy DEFAULT =
        new UpdatePolicy(
            true,
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            Order.AUTO,
            Duration.ofSeconds(10),
            Duration.ofMinutes(2));

    public UpdatePolicy {
      interval = positive(interval, Duration.ofMinutes(5), "update.interval");
      jitter = jitter == null ? Duration.ofSeconds(30) : jitter;
      if (jitter.isNegative()) {
        throw new IllegalArgumentException("update.jitter cannot be negative");
      }
      order = order == null ? Order.AUTO : order;
      minRunning = minRunning == null ? Duration.ofSeconds(10) : minRunning;
      if (minRunning.isNegative()) {
        throw new IllegalArgumentException("update.minRunning cannot be negative");
      }
      deadline = positive(deadline, Duration.ofMinutes(2), "update.deadline");
      if (deadline.compareTo(minRunning) < 0) {
        throw new IllegalArgumentException("update.deadline is shorter than update.minRunning");
      }
    }

    /** Which container goes first during an update. */
    public enum Order {
      START_FIRST,
      STOP_FIRST,
      AUTO
    }
  }

  /**
   * How the service's container is stopped.
   *
   * @param signal the first signal, or null for the image's stop signal (TERM by default)
   * @param timeout how long to wait before KILL; negative kills at once
   * @param neverKill never send KILL: the process takes the time it needs (Frontloader)
   */
  public record StopPolicy(String signal, Duration timeout, boolean neverKill) {
    public static final StopPolicy DEFAULT = new StopPolicy(null, Duration.ofSeconds(10), false);

    public StopPolicy {
      timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
  }

  private static Duration positive(Duration value, Duration otherwise, String field) {
    if (value == null) {
      return otherwise;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive");
    }
    return value;
  }
}
