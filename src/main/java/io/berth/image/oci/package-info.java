/**
 * The documents of the OCI image spec and Docker's schema 2, as records: descriptors, manifests,
 * indexes, image configs, ChainIDs. Pure data.
 *
 * <p>May depend on: {@code spec}.
 */
package io.berth.image.oci;
