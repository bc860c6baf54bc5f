/**
 * Images on this host: pull (resolve, fetch, verify, unpack once per layer), list, inspect, remove,
 * prune; their metadata in SQLite.
 *
 * <p>May depend on: {@code image.oci}, {@code image.registry}, {@code image.content}, {@code
 * image.unpack}, {@code store}, {@code events}, {@code os}, {@code spec}.
 */
package io.berth.image;
