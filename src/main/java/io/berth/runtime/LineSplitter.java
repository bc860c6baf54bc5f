package io.berth.runtime;

import io.berth.api.LogLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Cuts one stream's bytes into lines. A line longer than the buffer is cut into partial lines
 * (marked P), so a process that never writes a newline cannot make the agent hold unbounded memory.
 */
final class LineSplitter {
  private final String stream;
  private final int maxLine;
  private final Consumer<LogLine> out;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  LineSplitter(String stream, int maxLine, Consumer<LogLine> out) {
    this.stream = stream;
    this.maxLine = maxLine;
    this.out = out;
  }

  void accept(byte[] bytes, int offset, int length) {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        pending.write(bytes, start, i - start);
        emit(false);
        start = i + 1;
      } else if (pending.size() + (i - start + 1) >= maxLine) {
        pending.write(bytes, start, i - start + 1);
        emit(true);
        start = i + 1;
      }
    }
    pending.write(bytes, start, end - start);
  }

  /** The stream ended: what is left is a last, partial line. */
  void finish() {
    if (pending.size() > 0) {
      emit(true);
    }
  }

  private void emit(boolean partial) {
    String text = pending.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    pending.reset();
    out.accept(new LogLine(Instant.now(), stream, text, partial));
  }
}
