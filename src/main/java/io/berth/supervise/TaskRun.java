package io.berth.supervise;

import java.time.Instant;

/**
 * One run of a periodic task.
 *
 * @param outcome {@code ok}, {@code failed} (a non-zero exit), {@code timeout} (killed after its
 *     timeout), {@code skipped} (the last run still ran) or {@code error} (it could not start)
 * @param exitCode how it ended, or null
 * @param output the end of what it printed
 */
public record TaskRun(
    String task, Instant started, Instant ended, String outcome, Integer exitCode, String output) {}
