package io.berth.runtime;

import io.berth.os.ExitStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A container this runtime supervises right now: its output pumps, its log and the future of its
 * process's end. {@code exit} completes with null when the end was seen but its status could not be
 * had (an adopted container is not this process's child).
 */
final class Live {
  final String id;
  final ReentrantLock lock = new ReentrantLock();
  final LogFile log;
  final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  final CompletableFuture<Void> finished = new CompletableFuture<>();
  volatile int pid;
  volatile io.berth.os.PidFd pidfd;
  OutputPump stdout;
  OutputPump stderr;

  Live(String id, LogFile log) {
    this.id = id;
    this.log = log;
  }
}
