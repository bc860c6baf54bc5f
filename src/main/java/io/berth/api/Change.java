package io.berth.api;

/**
 * A change in a writable container's root filesystem, as {@code docker diff} shows it.
 *
 * @param kind {@code A} added, {@code C} changed, {@code D} deleted
 * @param path the absolute path inside the container
 */
public record Change(String kind, String path) {}
