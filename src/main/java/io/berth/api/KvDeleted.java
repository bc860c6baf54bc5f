package io.berth.api;

/**
 * What a deletion did.
 *
 * @param path the key or directory deleted
 * @param deleted how many keys went
 * @param revision the store's revision after the deletion
 */
public record KvDeleted(String path, long deleted, long revision) {}
