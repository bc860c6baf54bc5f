package io.berth.api;

/** What a prune removed and how many bytes it freed. */
public record PruneResult(int images, int blobs, int snapshots, long bytesFreed) {}
