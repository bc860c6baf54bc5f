package io.berth.cli;

import io.berth.os.JvmSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Forwards the signals a terminal or a supervisor sends to {@code berth run} on to the container,
 * as {@code docker run}'s sig-proxy does, and restores the previous handlers when closed.
 */
final class SignalForwarder implements AutoCloseable {
  private static final List<String> FORWARDED =
      List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2", "WINCH");
  private final List<AutoCloseable> restore = new ArrayList<>();

  private SignalForwarder() {}

  static SignalForwarder forward(Consumer<String> toContainer) {
    SignalForwarder forwarder = new SignalForwarder();
    for (String name : FORWARDED) {
      AutoCloseable previous =
          JvmSignals.handle(
              name,
              signal ->
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            try {
                              toContainer.accept(signal);
                            } catch (RuntimeException e) {
                              // the container may be gone already; the wait reports its end
                            }
                          }));
      if (previous != null) {
        forwarder.restore.add(previous);
      }
    }
    return forwarder;
  }

  @Override
  public void close() {
    for (AutoCloseable r : restore) {
      try {
        r.close();
      } catch (Exception e) {
        // the JVM is going away anyway
      }
    }
  }
}
