/**
 * The content store: blobs verified while they stream, written under ingest/, moved into blobs/
 * when their digest and size match.
 *
 * <p>May depend on: {@code image.oci}, {@code spec}, {@code os}.
 */
package io.berth.image.content;
