package io.berth.runtime;

import io.berth.os.ExitStatus;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A container this runtime supervises: its log, its init's pid and the futures of its end, its
 * output pumps, and the processes started in it with {@link ContainerRuntime#spawn}. {@code exit}
 * completes with null when the end was seen but its status could not be had (an adopted container
 * is not this process's child); {@code recorded} once the end is in the store; {@code finished}
 * once what the container used is torn down (and, with auto-remove, the container removed).
 */
final class Live {
  final String id;
  final ReentrantLock lock = new ReentrantLock();
  final LogFile log;
  final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  final CompletableFuture<Void> recorded = new CompletableFuture<>();
  final CompletableFuture<Void> finished = new CompletableFuture<>();
  final Set<TaskHandle> tasks = ConcurrentHashMap.newKeySet();
  volatile int pid;
  volatile io.berth.os.PidFd pidfd;
  volatile TaskHandle main;

  /**
   * How the container's life is reported when its init (catatonit) ends: the main process's end, or
   * what the service made of it (a postStop hook's code); null reports the init's own.
   */
  volatile ExitStatus reported;

  OutputPump stdout;
  OutputPump stderr;

  Live(String id, LogFile log) {
    this.id = id;
    this.log = log;
  }

  /** Releases every waiter of a container that never ran again (a restart that did not happen). */
  void abandon() {
    exit.complete(null);
    recorded.complete(null);
    finished.complete(null);
  }

  /** The main process started in the container, while it runs. */
  TaskHandle runningMain() {
    TaskHandle m = main;
    return m != null && m.running() ? m : null;
  }
}
