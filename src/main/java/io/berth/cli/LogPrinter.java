package io.berth.cli;

import io.berth.api.LogLine;
import io.berth.api.LogSink;
import java.io.PrintWriter;

/** Prints output lines to stdout or stderr, by the stream they came from. */
final class LogPrinter implements LogSink {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean timestamps;

  LogPrinter(PrintWriter out, PrintWriter err, boolean timestamps) {
    this.out = out;
    this.err = err;
    this.timestamps = timestamps;
  }

  @Override
  public void line(LogLine line) {
    PrintWriter target = "stderr".equals(line.stream()) ? err : out;
    synchronized (target) {
      if (timestamps) {
        target.print(line.time());
        target.print(' ');
      }
      target.print(line.text());
      if (!line.partial()) {
        target.print('\n');
      }
      target.flush();
    }
  }
}
