/**
 * A client of the OCI distribution API: references, auth challenges and tokens, manifests, blobs,
 * retries.
 *
 * <p>May depend on: {@code image.oci}, {@code spec}.
 */
package io.berth.image.registry;
