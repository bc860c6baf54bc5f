package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private long openBefore;
  private EventLoop loop;
  private Pipe pipe;

  @BeforeEach
  void start() throws Exception {
    openBefore = OpenFiles.ours(null);
    loop = EventLoop.start("event-loop-test", (thread, failure) -> failures.add(failure));
    pipe = Pipes.pipe(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK);
  }

  @AfterEach
  void stop() throws Exception {
    loop.close();
    pipe.close();
    assertThat(OpenFiles.ours(null)).as("descriptors left open").isEqualTo(openBefore);
  }

  @Test
  void register_readableDescriptor_handlerRunsOnTheLoopThreadForEachWrite() throws Exception {
    LinkedBlockingQueue<String> reads = new LinkedBlockingQueue<>();
    loop.register(
        pipe.readFd(),
        r -> {
          byte[] buffer = new byte[64];
          int n = read(r.fd(), buffer);
          reads.add(Thread.currentThread().getName() + ":" + new String(buffer, 0, n));
        });

    write("one");
    assertThat(reads.poll(5, TimeUnit.SECONDS)).isEqualTo("event-loop-test:one");
    write("two");
    assertThat(reads.poll(5, TimeUnit.SECONDS)).isEqualTo("event-loop-test:two");
    assertThat(failures).isEmpty();
  }

  @Test
  void register_handlerLeavesDataUnread_isCalledAgainUntilDrained() throws Exception {
    StringBuilder seen = new StringBuilder();
    CountDownLatch drained = new CountDownLatch(1);
    loop.register(
        pipe.readFd(),
        r -> {
          byte[] one = new byte[1];
          if (read(r.fd(), one) == 1) {
            seen.append((char) one[0]);
          }
          if (seen.length() == 3) {
            drained.countDown();
          }
        });

    write("abc");

    assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasToString("abc");
  }

  @Test
  void registerOnce_calledOnceUntilRearmed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LinkedBlockingQueue<EventLoop.Registration> fired = new LinkedBlockingQueue<>();
    loop.registerOnce(
        pipe.readFd(),
        r -> {
          calls.incrementAndGet();
          fired.add(r);
        });

    write("x");
    EventLoop.Registration registration = fired.poll(5, TimeUnit.SECONDS);
    assertThat(registration).isNotNull();
    awaitLoopTurn();
    assertThat(calls).hasValue(1); // still readable, yet not called again

    registration.rearm(); // from this thread: the data is still there, so it fires at once
    assertThat(fired.poll(5, TimeUnit.SECONDS)).isSameAs(registration);
    assertThat(calls).hasValue(2);
  }

  @Test
  void unregister_stopsTheHandlerAndLeavesTheDescriptorOpen() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    EventLoop.Registration registration =
        loop.register(
            pipe.readFd(),
            r -> {
              calls.incrementAndGet();
              read(r.fd(), new byte[64]);
            });
    assertThat(loop.registrations()).isEqualTo(1);

    registration.unregister();
    registration.unregister(); // idempotent
    write("ignored");
    awaitLoopTurn();

    assertThat(calls).hasValue(0);
    assertThat(registration.isRegistered()).isFalse();
    assertThat(loop.registrations()).isZero();
    assertThat(read(pipe.readFd(), new byte[64])).isEqualTo(7);
  }

  @Test
  void register_sameDescriptorTwice_failsWithEEXIST() throws Exception {
    loop.register(pipe.readFd(), r -> {});

    assertThatThrownBy(() -> loop.register(pipe.readFd(), r -> {}))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
    assertThat(loop.registrations()).isEqualTo(1);
  }

  @Test
  void handler_throws_isReportedUnregisteredAndTheLoopGoesOn() throws Exception {
    EventLoop.Registration failing =
        loop.register(
            pipe.readFd(),
            r -> {
              throw new IllegalStateException("boom");
            });
    write("x");

    awaitLoopTurn();
    assertThat(failures).singleElement().satisfies(f -> assertThat(f).hasMessage("boom"));
    assertThat(failing.isRegistered()).isFalse();
    CompletableFuture<Boolean> stillRunning = new CompletableFuture<>();
    loop.execute(() -> stillRunning.complete(loop.inLoopThread()));
    assertThat(stillRunning.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void close_stopsTheThreadAndRefusesWork() throws Exception {
    loop.register(pipe.readFd(), r -> read(r.fd(), new byte[64]));

    loop.close();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("event-loop-test"));
    assertThatThrownBy(() -> loop.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> loop.register(pipe.writeFd(), r -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThat(loop.registrations()).isZero();
    loop.close(); // idempotent
  }

  @Test
  void close_fromAHandler_endsTheLoop() throws Exception {
    loop.register(pipe.readFd(), r -> r.loop().close());
    write("x");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("event-loop-test"))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("event-loop-test"));
  }

  /** Returns once the loop has run a task queued now, so earlier events have been handled. */
  private void awaitLoopTurn() throws Exception {
    for (int i = 0; i < 2; i++) {
      CompletableFuture<Void> turn = new CompletableFuture<>();
      loop.execute(() -> turn.complete(null));
      turn.get(5, TimeUnit.SECONDS);
    }
  }

  private void write(String s) throws ErrnoException {
    byte[] bytes = s.getBytes();
    FileDescriptors.write(pipe.writeFd(), bytes, 0, bytes.length);
  }

  private static int read(int fd, byte[] buffer) {
    try {
      return FileDescriptors.read(fd, buffer, 0, buffer.length);
    } catch (ErrnoException e) {
      throw new IllegalStateException(e);
    }
  }
}
