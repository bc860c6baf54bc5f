package io.berth.runtime;

import io.berth.api.LogLine;
import io.berth.api.LogQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A container's log: {@code logs/<id>.log} and its rotated predecessors {@code <id>.log.1} (the
 * newest) to {@code <id>.log.N}. Lines are appended as the pump reads them; followers hear each
 * line as it is written. Rotation happens by size, keeping a bounded count of files.
 */
public final class LogFile implements AutoCloseable {
  private final Path path;
  private final long maxBytes;
  private final int keep;
  private final List<Follower> followers = new CopyOnWriteArrayList<>();
  private FileChannel channel;
  private long size;
  private boolean ended;

  /**
   * @param maxBytes rotate when the file would grow past this
   * @param keep how many rotated files to keep besides the current one
   */
  public LogFile(Path path, long maxBytes, int keep) throws IOException {
    if (maxBytes < 1024 || keep < 0) {
      throw new IllegalArgumentException(
          "log rotation needs at least 1 KiB and a non-negative count");
    }
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
    Files.createDirectories(path.getParent());
  }

  public Path path() {
    return path;
  }

  /** Appends a line and hands it to the followers. */
  public synchronized void append(LogLine line) throws IOException {
    byte[] bytes = LogFormat.format(line).getBytes(StandardCharsets.UTF_8);
    if (channel == null) {
      open();
    }
    if (size > 0 && size + bytes.length > maxBytes) {
      rotate();
    }
    var buffer = java.nio.ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      size += channel.write(buffer);
    }
    for (Follower follower : followers) {
      follower.queue.add(Optional.of(line));
    }
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
  }

  private void rotate() throws IOException {
    channel.close();
    channel = null;
    if (keep == 0) {
      Files.delete(path);
    } else {
      Files.deleteIfExists(rotated(keep));
      for (int i = keep - 1; i >= 1; i--) {
        if (Files.exists(rotated(i))) {
          Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.move(path, rotated(1), StandardCopyOption.ATOMIC_MOVE);
    }
    open();
  }

  private Path rotated(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  /** No more lines will come (the container ended): followers are released. */
  public synchronized void end() {
    ended = true;
    for (Follower follower : followers) {
      follower.queue.add(Optional.empty());
    }
    followers.clear();
  }

  /**
   * Follows the lines appended from now on, until the log ends (at once when it has ended). They
   * are queued, so the writer (the output pump) never waits for a reader.
   */
  public synchronized Follower follow() {
    Follower follower = new Follower();
    if (ended) {
      follower.queue.add(Optional.empty());
    } else {
      followers.add(follower);
    }
    return follower;
  }

  /** Lines as they are appended, until the log ends; close it to stop following. */
  public final class Follower implements AutoCloseable {
    private final LinkedBlockingQueue<Optional<LogLine>> queue = new LinkedBlockingQueue<>();

    private Follower() {}

    /**
     * The next line, waiting at most {@code timeout}: empty once the log has ended, null when no
     * line came in time.
     */
    public Optional<LogLine> next(long timeout, TimeUnit unit) throws InterruptedException {
      return queue.poll(timeout, unit);
    }

    @Override
    public void close() {
      followers.remove(this);
    }
  }

  /**
   * Sends the lines the query asks for to {@code sink}; with {@code follow}, keeps sending new
   * lines until the log ends or {@code stillWanted} says stop. Lines written while the history is
   * being read are neither lost nor repeated.
   */
  public void read(
      LogQuery query, Consumer<LogLine> sink, java.util.function.BooleanSupplier stillWanted)
      throws IOException, InterruptedException {
    List<Path> files;
    boolean alreadyEnded;
    Follower follower;
    synchronized (this) {
      if (channel != null) {
        channel.force(false);
      }
      files = files();
      alreadyEnded = ended;
      follower = query.follow() && !ended ? follow() : null;
    }
    try {
      Deque<LogLine> tail = query.tail() >= 0 ? new ArrayDeque<>() : null;
      for (Path file : files) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            LogLine line = LogFormat.parse(text);
            if (line == null || (query.since() != null && line.time().isBefore(query.since()))) {
              continue;
            }
            if (tail != null) {
              if (query.tail() == 0) {
                continue;
              }
              tail.addLast(line);
              if (tail.size() > query.tail()) {
                tail.removeFirst();
              }
            } else {
              sink.accept(line);
            }
          }
        } catch (java.nio.file.NoSuchFileException e) {
          // rotated away while we read: its lines are in the next file
        }
      }
      if (tail != null) {
        tail.forEach(sink);
      }
      if (!query.follow() || alreadyEnded) {
        return;
      }
      while (stillWanted.getAsBoolean()) {
        var next = follower.next(200, TimeUnit.MILLISECONDS);
        if (next == null) {
          continue;
        }
        if (next.isEmpty()) {
          return;
        }
        sink.accept(next.get());
      }
    } finally {
      if (follower != null) {
        follower.close();
      }
    }
  }

  /** The log's files, oldest first. */
  private List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (int i = keep; i >= 1; i--) {
      if (Files.exists(rotated(i))) {
        files.add(rotated(i));
      }
    }
    if (Files.exists(path)) {
      files.add(path);
    }
    return files;
  }

  /** Deletes the log and its rotated files. */
  public synchronized void delete() throws IOException {
    close();
    for (Path file : files()) {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
