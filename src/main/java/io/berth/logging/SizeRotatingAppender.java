package io.berth.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A log file that never grows past {@code maxSize}: before a line that would not fit is written,
 * the file becomes {@code FILE.1} (and {@code FILE.1} {@code FILE.2}, up to {@code keep} files; the
 * oldest is deleted), and the line starts a new file. A single line longer than {@code maxSize} is
 * cut to fit. The size is checked on every line, not from time to time, as Logback's own rolling
 * policy does. The file is not reopened on a signal: SIGUSR1 means maintenance to the agent.
 */
final class SizeRotatingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private final Path file;
  private final long maxSize;
  private final int keep;
  private final Encoder<ILoggingEvent> encoder;
  private final ReentrantLock lock = new ReentrantLock();
  private OutputStream out;
  private long size;

  private SizeRotatingAppender(Path file, long maxSize, int keep, Encoder<ILoggingEvent> encoder) {
    this.file = file;
    this.maxSize = maxSize;
    this.keep = keep;
    this.encoder = encoder;
  }

  /**
   * Opens (or creates, with its directory) the log file for appending.
   *
   * @throws IOException naming the file when it cannot be written
   */
  static SizeRotatingAppender open(
      Path file, long maxSize, int keep, Encoder<ILoggingEvent> encoder) throws IOException {
    SizeRotatingAppender appender = new SizeRotatingAppender(file, maxSize, keep, encoder);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      appender.reopen();
    } catch (IOException e) {
      throw new IOException("cannot write the log file %s: %s".formatted(file, e), e);
    }
    return appender;
  }

  private void reopen() throws IOException {
    out =
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = Files.size(file);
  }

  @Override
  protected void append(ILoggingEvent event) {
    byte[] line = fit(encoder.encode(event));
    lock.lock();
    try {
      if (out == null) {
        reopen(); // a rotation that failed to reopen: try again
      }
      if (size > 0 && size + line.length > maxSize) {
        rotate();
      }
      out.write(line);
      out.flush();
      size += line.length;
    } catch (IOException e) {
      addError("writing the log file " + file + " failed", e);
    } finally {
      lock.unlock();
    }
  }

  /** A line longer than a whole file is cut, and still ends the line. */
  private byte[] fit(byte[] line) {
    if (line.length <= maxSize) {
      return line;
    }
    byte[] cut = Arrays.copyOf(line, (int) maxSize);
    cut[cut.length - 1] = '\n';
    return cut;
  }

  private void rotate() throws IOException {
    out.close();
    out = null;
    if (keep == 0) {
      Files.deleteIfExists(file);
    } else {
      Files.deleteIfExists(numbered(keep));
      for (int i = keep - 1; i >= 1; i--) {
        if (Files.exists(numbered(i))) {
          Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    }
    reopen();
  }

  private Path numbered(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  @Override
  public void stop() {
    lock.lock();
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } catch (IOException e) {
      addError("closing the log file " + file + " failed", e);
    } finally {
      lock.unlock();
    }
    super.stop();
  }
}
