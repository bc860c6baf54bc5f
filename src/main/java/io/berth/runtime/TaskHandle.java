package io.berth.runtime;

import io.berth.os.ErrnoException;
import io.berth.os.ExitStatus;
import io.berth.os.PidFd;
import io.berth.os.Signals;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A process the agent started in a container with {@link ContainerRuntime#spawn}: its pid (in the
 * host's namespace), its end, its readiness, and a way to signal it. The agent is its parent (runc
 * exits once it started), so its end is reaped like a container's init.
 */
public final class TaskHandle {
  private final String container;
  private final String name;
  private final int pid;
  private final Instant started;
  private final PidFd pidfd;
  final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  TaskHandle(String container, String name, int pid, PidFd pidfd) {
    this.container = container;
    this.name = name;
    this.pid = pid;
    this.pidfd = pidfd;
    this.started = Instant.now();
  }

  public String container() {
    return container;
  }

  public String name() {
    return name;
  }

  public int pid() {
    return pid;
  }

  public Instant started() {
    return started;
  }

  /** Completes when the process ended and its output is in the log. */
  public CompletableFuture<ExitStatus> exit() {
    return exit;
  }

  /**
   * Completes when the process wrote a newline to its notification descriptor; never for a process
   * launched without one. Fails if the process ends first.
   */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  public boolean running() {
    return !exit.isDone();
  }

  /** Sends {@code signal}; nothing happens when the process has ended already. */
  public void signal(int signal) throws ErrnoException {
    if (exit.isDone()) {
      return;
    }
    try {
      pidfd.sendSignal(signal);
    } catch (ErrnoException e) {
      if (e.errno() != io.berth.os.Errno.ESRCH) {
        throw e;
      }
    } catch (IllegalStateException e) {
      // closed: it ended and was reaped meanwhile
    }
  }

  /** Sends the signal named {@code signal} ({@code TERM}, {@code SIGHUP}, {@code 9}). */
  public void signal(String signal) throws ErrnoException {
    signal(Signals.parse(signal));
  }

  int pidfdNumber() {
    return pidfd.fd();
  }

  void closePidFd() {
    try {
      pidfd.close();
    } catch (ErrnoException e) {
      // nothing to do
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid + ")";
  }
}
