package io.berth.api;

/**
 * How a process ended.
 *
 * @param exitCode its exit code; 128 + N when signal N killed it, as shells report it
 * @param signal the signal that killed it, or null
 */
public record ExitResult(int exitCode, String signal) {}
