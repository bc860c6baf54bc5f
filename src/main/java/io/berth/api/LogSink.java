package io.berth.api;

/** Receives a container's or an exec's output, line by line. */
@FunctionalInterface
public interface LogSink {
  void line(LogLine line);
}
