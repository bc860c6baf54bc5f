package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A directory's keys, recursively: {@code {"db/": {"port": 5432}}}.
 *
 * @param directory the directory dumped
 * @param revision the store's revision just before it was read
 * @param tree a JSON object: a key's name maps to its value, a subdirectory's name (ending with
 *     '/') to an object of the same shape
 */
public record KvTree(String directory, long revision, JsonNode tree) {}
