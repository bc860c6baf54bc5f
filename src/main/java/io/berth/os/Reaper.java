package io.berth.os;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Waits for child processes to end and reaps them, through an {@link EventLoop}: {@link #watch}
 * opens a pidfd, waits for it to become readable, reaps that one process with {@code
 * waitid(P_PIDFD)}, completes the future and closes the pidfd.
 *
 * <p>It reaps only the pids it is given, never "any child": the JDK's {@link ProcessBuilder}
 * children are reaped by the JDK's own threads, and reaping one of them here would steal its exit
 * status. Orphans nobody watches are left to {@link OrphanReaper}, which skips what {@link
 * #isWatched} names.
 *
 * <p>A pid is only safe to watch while it is an unreaped child of this process (what {@link
 * Spawner} started, or a container's init that {@code runc create} left to this subreaper): watch
 * it as soon as it is known, and at least before an {@link OrphanReaper} could take it as an
 * orphan.
 */
public final class Reaper implements AutoCloseable {
  private final EventLoop loop;
  private final Executor completions;
  private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Futures complete on a new virtual thread each, so what callers chain on them never runs on the
   * loop thread.
   */
  public Reaper(EventLoop loop) {
    this(loop, task -> Thread.ofVirtual().name("berth-reaped").start(task));
  }

  /** Futures complete on {@code completions}, which must not run tasks on the loop thread. */
  public Reaper(EventLoop loop, Executor completions) {
    this.loop = loop;
    this.completions = completions;
  }

  /**
   * Watches {@code pid}, an unreaped child of this process; the future completes with its exit
   * status once it has ended and been reaped, or fails with the {@link ErrnoException} reaping met.
   * Watching a pid already watched returns the same future.
   *
   * @throws ErrnoException {@link Errno#ESRCH} when there is no such process, {@link Errno#ECHILD}
   *     when it is not an unreaped child of this process
   */
  public CompletableFuture<ExitStatus> watch(int pid) throws ErrnoException {
    if (closed) {
      throw new IllegalStateException("the reaper is closed");
    }
    Watch watch = new Watch(pid);
    Watch existing = watches.putIfAbsent(pid, watch);
    if (existing != null) {
      return existing.future;
    }
    try {
      watch.pidfd = PidFd.open(pid);
      if (!watch.pidfd.isChild()) {
        throw new ErrnoException("waitid", Errno.ECHILD, "pid " + pid + ", not a child of ours");
      }
      watch.registration = loop.registerOnce(watch.pidfd.fd(), r -> ended(watch, r));
    } catch (ErrnoException | RuntimeException e) {
      watches.remove(pid, watch);
      closeQuietly(watch.pidfd);
      throw e;
    }
    if (closed) { // close() ran meanwhile and may have missed this watch
      cancel(watch);
    }
    return watch.future;
  }

  /** Whether {@code pid} is watched and not yet reaped. */
  public boolean isWatched(int pid) {
    return watches.containsKey(pid);
  }

  /** The pids watched now. */
  public Set<Integer> watched() {
    return Set.copyOf(watches.keySet());
  }

  /**
   * Stops watching: every pending future fails with {@link CancellationException} and the pidfds
   * are closed. The processes are neither signalled nor reaped. Close this before the loop.
   */
  @Override
  public void close() {
    closed = true;
    for (Watch watch : watches.values()) {
      cancel(watch);
    }
  }

  /** On the loop thread: the pidfd is readable, so the process has ended. */
  private void ended(Watch watch, EventLoop.Registration registration) {
    ExitStatus status;
    try {
      var reaped = watch.pidfd.reap();
      if (reaped.isEmpty()) { // not yet: the thread-group leader waits for its other threads
        registration.rearm();
        return;
      }
      status = reaped.get();
    } catch (ErrnoException | RuntimeException e) {
      finish(watch, registration);
      completions.execute(() -> watch.future.completeExceptionally(e));
      return;
    }
    finish(watch, registration);
    completions.execute(() -> watch.future.complete(status));
  }

  private void finish(Watch watch, EventLoop.Registration registration) {
    registration.unregister();
    closeQuietly(watch.pidfd);
    watches.remove(watch.pid, watch);
  }

  private void cancel(Watch watch) {
    if (watch.registration != null) {
      watch.registration.unregister();
    }
    closeQuietly(watch.pidfd);
    watches.remove(watch.pid, watch);
    watch.future.completeExceptionally(
        new CancellationException("stopped watching pid " + watch.pid + ": the reaper is closed"));
  }

  private static void closeQuietly(PidFd pidfd) {
    if (pidfd != null) {
      try {
        pidfd.close();
      } catch (ErrnoException e) {
        // released either way
      }
    }
  }

  private static final class Watch {
    final int pid;
    final CompletableFuture<ExitStatus> future = new CompletableFuture<>();
    volatile PidFd pidfd;
    volatile EventLoop.Registration registration;

    Watch(int pid) {
      this.pid = pid;
    }
  }
}
