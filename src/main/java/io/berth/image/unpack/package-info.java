/**
 * Unpacks a layer into a snapshot directory: tar, gzip and zstd in one streaming pass, whiteouts to
 * overlayfs, hostile entries refused.
 *
 * <p>May depend on: {@code spec}, {@code os}.
 */
package io.berth.image.unpack;
