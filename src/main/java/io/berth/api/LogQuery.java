package io.berth.api;

import java.time.Instant;

/**
 * Which output to send.
 *
 * @param follow keep sending new output until the container exits
 * @param tail only the last N lines; negative for all
 * @param since only lines written at or after this time, or null
 * @param timestamps prefix each line with its time
 */
public record LogQuery(boolean follow, int tail, Instant since, boolean timestamps) {
  public static final LogQuery ALL = new LogQuery(false, -1, null, false);
}
