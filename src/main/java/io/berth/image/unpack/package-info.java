/**
 * Unpacks a layer into a snapshot directory: tar, gzip and zstd in one streaming pass, whiteouts to
 * overlayfs, hostile entries refused.
 *
 * <p>The rules a layer is held to, each refused with a {@link
 * io.berth.image.unpack.LayerRejectedException} naming the entry:
 *
 * <ul>
 *   <li>Paths are cleaned lexically ({@code ./a/../b} is {@code b}); absolute paths and paths that
 *       climb above the root are refused, as are names with NUL, longer than PATH_MAX or with a
 *       component longer than NAME_MAX.
 *   <li>Nothing is written through a symbolic link: every directory on the way is opened with
 *       {@code O_NOFOLLOW} relative to its parent, and a path that crosses a link is refused. A
 *       symbolic link's own target may be any string.
 *   <li>Hard links must point at a non-directory inside the layer, or, as the merged view shows it,
 *       in a lower snapshot, which is then copied up.
 *   <li>A later entry replaces an earlier one of the same name, whatever the types; a directory
 *       over a directory only updates its metadata (Docker's and containerd's rule).
 *   <li>Device nodes only when the {@link io.berth.image.unpack.UnpackPolicy} allows them; fifos
 *       always.
 *   <li>Extended attributes: {@code user.*} (not {@code user.overlay.*}), {@code
 *       security.capability} and POSIX ACLs; see {@code XattrRules} for why the rest is refused.
 *   <li>The uncompressed stream (plus copy-ups) may not exceed the policy's byte limit.
 * </ul>
 *
 * <p>May depend on: {@code spec}, {@code os}.
 */
package io.berth.image.unpack;
