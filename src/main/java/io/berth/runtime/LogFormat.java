package io.berth.runtime;

import io.berth.api.LogLine;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of a container's log file, in the CRI format kubelet and podman write: {@code <RFC 3339
 * time> <stream> <F|P> <text>}, where P marks a partial line (the process wrote no newline yet, or
 * the line was longer than the pump's buffer).
 */
final class LogFormat {
  private LogFormat() {}

  static String format(LogLine line) {
    return line.time()
        + " "
        + line.stream()
        + " "
        + (line.partial() ? "P " : "F ")
        + line.text()
        + "\n";
  }

  /** Parses a line of a log file; null when it is not one berth wrote. */
  static LogLine parse(String text) {
    int a = text.indexOf(' ');
    int b = a < 0 ? -1 : text.indexOf(' ', a + 1);
    if (b < 0 || b + 2 > text.length()) {
      return null;
    }
    try {
      Instant time = Instant.parse(text.substring(0, a));
      String stream = text.substring(a + 1, b);
      char tag = text.charAt(b + 1);
      String content = b + 3 <= text.length() ? text.substring(b + 3) : "";
      return new LogLine(time, stream, content, tag == 'P');
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
