package io.berth.api;

import java.time.Instant;

/**
 * One line of output.
 *
 * @param stream {@code stdout} or {@code stderr}
 * @param text the line, without its newline
 * @param partial true when the process wrote no newline yet (a long line, or the end)
 */
public record LogLine(Instant time, String stream, String text, boolean partial) {}
