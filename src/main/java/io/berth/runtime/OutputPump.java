package io.berth.runtime;

import io.berth.os.ErrnoException;
import io.berth.os.EventLoop;
import io.berth.os.FileDescriptors;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one output stream of a container, from its FIFO's non-blocking read end, into the
 * container's log, line by line. Runs on the event loop: each readiness reads what is there (at
 * most a few buffers, so one chatty container cannot hold the loop) and returns.
 *
 * <p>The FIFO never reports end of file (the agent and the container both hold it open read-write),
 * so the pump is {@linkplain #drainAndClose drained} once the container's process has been reaped.
 */
final class OutputPump {
  private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
  private static final int BUFFER = 64 << 10;
  private static final int READS_PER_WAKEUP = 4;
  private static final int MAX_LINE = 16 << 10;

  private final int fd;
  private final LineSplitter lines;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment buffer = arena.allocate(BUFFER);
  private final byte[] bytes = new byte[BUFFER];
  private EventLoop.Registration registration;
  private boolean closed;

  private OutputPump(
      int fd, String stream, java.util.function.Consumer<io.berth.api.LogLine> sink) {
    this.fd = fd;
    this.lines = new LineSplitter(stream, MAX_LINE, sink);
  }

  /** Starts pumping {@code fd} (this pump owns it now) into {@code log}. */
  static OutputPump start(EventLoop loop, int fd, String stream, LogFile log)
      throws ErrnoException {
    return start(
        loop,
        fd,
        stream,
        line -> {
          try {
            log.append(line);
          } catch (IOException e) {
            LOG.warn("cannot write to {}: {}", log.path(), e.getMessage());
          }
        });
  }

  /** Starts pumping {@code fd} (this pump owns it now) line by line into {@code sink}. */
  static OutputPump start(
      EventLoop loop, int fd, String stream, java.util.function.Consumer<io.berth.api.LogLine> sink)
      throws ErrnoException {
    OutputPump pump = new OutputPump(fd, stream, sink);
    pump.registration = loop.register(fd, r -> pump.readSome(READS_PER_WAKEUP));
    return pump;
  }

  private synchronized void readSome(int reads) {
    if (closed) {
      return;
    }
    try {
      for (int i = 0; i < reads; i++) {
        int n = FileDescriptors.read(fd, buffer);
        if (n <= 0) {
          return; // WOULD_BLOCK: all read for now; 0 cannot happen on a FIFO we hold open
        }
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
        lines.accept(bytes, 0, n);
      }
    } catch (ErrnoException e) {
      LOG.warn("reading container output failed: {}", e.getMessage());
    }
  }

  /** Reads what is left in the FIFO, ends the last line, and closes the read end. */
  synchronized void drainAndClose() {
    if (closed) {
      return;
    }
    registration.unregister();
    readSome(Integer.MAX_VALUE);
    lines.finish();
    closed = true;
    try {
      FileDescriptors.close(fd);
    } catch (ErrnoException e) {
      LOG.debug("closing a FIFO: {}", e.getMessage());
    }
    arena.close();
  }
}
