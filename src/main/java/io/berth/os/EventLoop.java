package io.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One platform thread that waits on {@code epoll(7)} and calls a handler when a descriptor becomes
 * readable: a {@link PidFd} when its process ends, the read end of a FIFO when output arrives.
 *
 * <p><b>Handlers run on the loop thread and must be short</b>: a non-blocking read, a {@code
 * waitid} with {@code WNOHANG}, completing a future. Anything that may block or take long (writing
 * a log file, running a hook, talking to runc) belongs on a virtual thread the handler starts. A
 * handler that throws is reported to the loop's failure handler and its registration ends.
 *
 * <p>Every registration is one-shot in the kernel ({@code EPOLLONESHOT}). A {@linkplain #register
 * lasting} one is armed again after each call of its handler, which makes it level-triggered: the
 * handler is called again as long as data is left. A {@linkplain #registerOnce one-time} one is
 * called once and then waits for {@link Registration#rearm}: that suits a handler that hands the
 * reading to another thread, which re-arms when it has drained the descriptor.
 *
 * <p>Unregister a descriptor before closing it: epoll watches the open file, not the number, and a
 * registration whose file lives on in a child cannot be removed by number once it is closed here.
 * (Such a stray registration fires at most once more, and is ignored.)
 *
 * <p>The owner {@linkplain #start starts} the loop and {@linkplain #close closes} it; close stops
 * the thread and closes the loop's own descriptors, never the registered ones.
 */
public final class EventLoop implements AutoCloseable {
  /** Called on the loop thread when a registered descriptor is readable (or hung up, or failed). */
  @FunctionalInterface
  public interface Handler {
    void ready(Registration registration);
  }

  private static final int EPOLL_CLOEXEC = Fcntl.O_CLOEXEC;
  private static final int EPOLL_CTL_ADD = 1;
  private static final int EPOLL_CTL_DEL = 2;
  private static final int EPOLL_CTL_MOD = 3;
  private static final int EPOLLIN = 0x001;
  private static final int EPOLLONESHOT = 1 << 30;
  private static final int EFD_NONBLOCK = Fcntl.O_NONBLOCK;
  private static final int EFD_CLOEXEC = Fcntl.O_CLOEXEC;

  /** {@code struct epoll_event} is packed on x86-64 only: 12 bytes there, 16 elsewhere. */
  private static final boolean PACKED =
      switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> true;
        default -> false;
      };

  private static final long EVENT_SIZE = PACKED ? 12 : 16;
  private static final long DATA_OFFSET = PACKED ? 4 : 8;
  private static final int MAX_EVENTS = 64;
  private static final long WAKEUP = 0;

  private static final MethodHandle EPOLL_CREATE1 =
      Native.function("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle EPOLL_CTL =
      Native.function(
          "epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle EPOLL_WAIT =
      Native.function(
          "epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle EVENTFD =
      Native.function("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

  private final int epollFd;
  private final int wakeFd;
  private final Thread.UncaughtExceptionHandler onFailure;
  private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong(WAKEUP);

  /** Held for reading around every use of the loop's descriptors, for writing to close them. */
  private final ReadWriteLock descriptors = new ReentrantReadWriteLock();

  private boolean descriptorsOpen = true; // guarded by descriptors
  private volatile boolean closing;
  private Thread thread;

  private EventLoop(int epollFd, int wakeFd, Thread.UncaughtExceptionHandler onFailure) {
    this.epollFd = epollFd;
    this.wakeFd = wakeFd;
    this.onFailure = onFailure;
  }

  /**
   * Starts a loop on a new daemon platform thread called {@code name}; failures of handlers go to
   * that thread's uncaught-exception handler (by default the JVM's).
   */
  public static EventLoop start(String name) throws ErrnoException {
    return start(name, null);
  }

  /** Like {@link #start(String)}, with failures of handlers reported to {@code onFailure}. */
  public static EventLoop start(String name, Thread.UncaughtExceptionHandler onFailure)
      throws ErrnoException {
    int epollFd = epollCreate();
    int wakeFd;
    try {
      wakeFd = eventFd();
    } catch (ErrnoException e) {
      closeQuietly(epollFd);
      throw e;
    }
    EventLoop loop = new EventLoop(epollFd, wakeFd, onFailure);
    try {
      loop.control(EPOLL_CTL_ADD, wakeFd, EPOLLIN, WAKEUP);
    } catch (ErrnoException e) {
      closeQuietly(wakeFd);
      closeQuietly(epollFd);
      throw e;
    }
    loop.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(loop::run);
    loop.thread.start();
    return loop;
  }

  /**
   * Calls {@code handler} each time {@code fd} is readable, until {@link Registration#unregister}.
   * The handler must consume what made the descriptor readable, or it is called again at once.
   *
   * @throws ErrnoException {@link Errno#EEXIST} when {@code fd} is registered already, {@link
   *     Errno#EPERM} for a descriptor epoll cannot watch (a regular file)
   */
  public Registration register(int fd, Handler handler) throws ErrnoException {
    return add(fd, handler, true);
  }

  /** Calls {@code handler} once, when {@code fd} is readable; {@link Registration#rearm} again. */
  public Registration registerOnce(int fd, Handler handler) throws ErrnoException {
    return add(fd, handler, false);
  }

  /**
   * Runs {@code task} on the loop thread, soon, among the handlers; the same rules apply. Tasks not
   * run when the loop closes are dropped.
   *
   * @throws RejectedExecutionException once the loop is closing
   */
  public void execute(Runnable task) {
    if (closing) {
      throw new RejectedExecutionException("event loop " + thread.getName() + " is closed");
    }
    tasks.add(task);
    wakeUp();
  }

  /** Whether the caller runs on the loop thread (inside a handler or task). */
  public boolean inLoopThread() {
    return Thread.currentThread() == thread;
  }

  /** How many descriptors are registered. */
  public int registrations() {
    return registrations.size();
  }

  /**
   * Stops the loop: the handler running now finishes, no other is called, the thread ends and the
   * loop's epoll and eventfd descriptors are closed. Returns once the thread has ended, unless
   * called by the loop thread itself. Registered descriptors are left open for their owners.
   */
  @Override
  public void close() {
    closing = true;
    wakeUp();
    if (inLoopThread()) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Registration add(int fd, Handler handler, boolean lasting) throws ErrnoException {
    if (fd < 0) {
      throw new IllegalArgumentException("cannot watch fd " + fd);
    }
    Registration registration = new Registration(ids.incrementAndGet(), fd, handler, lasting);
    registrations.put(registration.id, registration);
    try {
      control(EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLONESHOT, registration.id);
    } catch (ErrnoException | RuntimeException e) {
      registrations.remove(registration.id);
      throw e;
    }
    return registration;
  }

  /** A descriptor watched by the loop. */
  public final class Registration {
    private final long id;
    private final int fd;
    private final Handler handler;
    private final boolean lasting;
    private boolean registered = true; // guarded by this

    private Registration(long id, int fd, Handler handler, boolean lasting) {
      this.id = id;
      this.fd = fd;
      this.handler = handler;
      this.lasting = lasting;
    }

    public int fd() {
      return fd;
    }

    public EventLoop loop() {
      return EventLoop.this;
    }

    public synchronized boolean isRegistered() {
      return registered;
    }

    /**
     * Watches the descriptor again after its handler was called: the handler is called once more
     * when it is readable (at once, if it still is). May be called from any thread.
     *
     * @throws IllegalStateException when unregistered
     */
    public synchronized void rearm() throws ErrnoException {
      if (!registered) {
        throw new IllegalStateException("fd " + fd + " is no longer registered");
      }
      control(EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLONESHOT, id);
    }

    /**
     * Stops watching the descriptor (it stays open). Called on the loop thread, the handler is not
     * called again; from another thread, a call the loop has begun may still run. Idempotent, never
     * fails.
     */
    public void unregister() {
      synchronized (this) {
        if (!registered) {
          return;
        }
        registered = false;
      }
      registrations.remove(id);
      try {
        control(EPOLL_CTL_DEL, fd, 0, id);
      } catch (ErrnoException | IllegalStateException e) {
        // closed first (EBADF), or the loop is gone: a stray one-shot event is ignored by id
      }
    }

    private void fire() {
      synchronized (this) {
        if (!registered) {
          return;
        }
      }
      try {
        handler.ready(this);
      } catch (Throwable t) {
        unregister();
        report(t);
        return;
      }
      if (lasting) {
        synchronized (this) {
          if (registered) {
            try {
              rearm();
            } catch (ErrnoException | IllegalStateException e) {
              registered = false;
              registrations.remove(id);
              report(e);
            }
          }
        }
      }
    }

    @Override
    public String toString() {
      return "registration of fd " + fd;
    }
  }

  private void run() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment events = arena.allocate(EVENT_SIZE * MAX_EVENTS, 8);
      MemorySegment state = Native.callState(arena);
      while (!closing) {
        int n = (int) EPOLL_WAIT.invokeExact(state, epollFd, events, MAX_EVENTS, -1);
        if (n == -1) {
          if (Native.errno(state) == Errno.EINTR) {
            continue;
          }
          throw new ErrnoException("epoll_wait", Native.errno(state), "epoll fd " + epollFd);
        }
        for (int i = 0; i < n && !closing; i++) {
          long id = events.get(JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA_OFFSET);
          if (id == WAKEUP) {
            drainWakeUps(arena);
            continue;
          }
          Registration registration = registrations.get(id);
          if (registration != null) {
            registration.fire();
          }
        }
        Runnable task;
        while (!closing && (task = tasks.poll()) != null) {
          try {
            task.run();
          } catch (Throwable t) {
            report(t);
          }
        }
      }
    } catch (Throwable t) {
      closing = true;
      report(t);
    } finally {
      shutDown();
    }
  }

  private void shutDown() {
    descriptors.writeLock().lock();
    try {
      descriptorsOpen = false;
      closeQuietly(wakeFd);
      closeQuietly(epollFd);
    } finally {
      descriptors.writeLock().unlock();
    }
    for (Registration registration : registrations.values()) {
      synchronized (registration) {
        registration.registered = false;
      }
    }
    registrations.clear();
    tasks.clear();
  }

  private void control(int op, int fd, int events, long data) throws ErrnoException {
    descriptors.readLock().lock();
    try (Arena arena = Arena.ofConfined()) {
      if (!descriptorsOpen) {
        throw new IllegalStateException("event loop " + thread.getName() + " is closed");
      }
      MemorySegment state = Native.callState(arena);
      MemorySegment event = arena.allocate(16, 8);
      event.set(JAVA_INT, 0, events);
      event.set(JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
      int r = (int) EPOLL_CTL.invokeExact(state, epollFd, op, fd, event);
      Native.check(r, state, "epoll_ctl", operation(op) + " fd " + fd);
    } catch (ErrnoException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    } finally {
      descriptors.readLock().unlock();
    }
  }

  private void wakeUp() {
    descriptors.readLock().lock();
    try (Arena arena = Arena.ofConfined()) {
      if (descriptorsOpen) {
        MemorySegment one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
        FileDescriptors.writeFully(wakeFd, one, 8); // adds 1 to the counter; never full from ones
      }
    } catch (ErrnoException e) {
      report(e);
    } finally {
      descriptors.readLock().unlock();
    }
  }

  private void drainWakeUps(Arena arena) throws ErrnoException {
    FileDescriptors.read(wakeFd, arena.allocate(JAVA_LONG));
  }

  private void report(Throwable failure) {
    Thread.UncaughtExceptionHandler handler =
        onFailure != null ? onFailure : thread.getUncaughtExceptionHandler();
    try {
      handler.uncaughtException(thread, failure);
    } catch (Throwable ignored) {
      // a failing failure handler must not stop the loop
    }
  }

  private static String operation(int op) {
    return switch (op) {
      case EPOLL_CTL_ADD -> "EPOLL_CTL_ADD";
      case EPOLL_CTL_DEL -> "EPOLL_CTL_DEL";
      case EPOLL_CTL_MOD -> "EPOLL_CTL_MOD";
      default -> "op " + op;
    };
  }

  private static int epollCreate() throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int fd = (int) EPOLL_CREATE1.invokeExact(state, EPOLL_CLOEXEC);
      return Native.check(fd, state, "epoll_create1", "EPOLL_CLOEXEC");
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  private static int eventFd() throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = Native.callState(arena);
      int fd = (int) EVENTFD.invokeExact(state, 0, EFD_NONBLOCK | EFD_CLOEXEC);
      return Native.check(fd, state, "eventfd", "EFD_NONBLOCK | EFD_CLOEXEC");
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Native.rethrow(t);
    }
  }

  private static void closeQuietly(int fd) {
    try {
      FileDescriptors.close(fd);
    } catch (ErrnoException e) {
      // nothing more to do: the number is released either way
    }
  }
}
