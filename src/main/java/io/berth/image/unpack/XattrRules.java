package io.berth.image.unpack;

/**
 * Which extended attributes a layer may set. The tar carries them as PAX {@code SCHILY.xattr.*}
 * records, and without a rule a layer could set anything root can:
 *
 * <ul>
 *   <li>{@code user.*}: allowed; it is the owner's own metadata. {@code user.overlay.*} is not:
 *       overlayfs mounted with {@code userxattr} reads its whiteouts, opaque markers and redirects
 *       from there.
 *   <li>{@code security.capability}: allowed; file capabilities are part of an image (ping, for
 *       instance), and Docker and containerd keep them.
 *   <li>{@code system.posix_acl_access}, {@code system.posix_acl_default}: allowed; ACLs are
 *       permissions like the mode bits.
 *   <li>{@code trusted.*}: refused. {@code trusted.overlay.*} would let a layer forge whiteouts,
 *       opaque directories, redirects to other paths and metacopy files in the merged view; the
 *       rest of the namespace belongs to privileged host software.
 *   <li>every other {@code security.*} ({@code selinux}, {@code ima}, {@code evm}, {@code
 *       apparmor}, {@code SMACK64}...): refused. Labels are the host's access policy; an image that
 *       labels its own files would choose its own confinement.
 *   <li>anything else: refused, as unknown.
 * </ul>
 */
final class XattrRules {
  private static final int NAME_MAX = 255;
  private static final int VALUE_MAX = 65536;

  private XattrRules() {}

  /** Throws unless the layer may set {@code name} to {@code value}. */
  static void check(String entry, String name, byte[] value) throws LayerRejectedException {
    String refusal = refusal(name);
    if (refusal != null) {
      throw new LayerRejectedException(
          entry, "extended attribute '%s': %s".formatted(name, refusal));
    }
    if (value.length > VALUE_MAX) {
      throw new LayerRejectedException(
          entry,
          "extended attribute '%s' holds %d bytes, more than the kernel's %d"
              .formatted(name, value.length, VALUE_MAX));
    }
  }

  /** Whether a layer may set {@code name}; used to filter what is copied up from lower layers. */
  static boolean allowed(String name) {
    return refusal(name) == null;
  }

  private static String refusal(String name) {
    if (name.isEmpty() || name.length() > NAME_MAX || name.indexOf('\0') >= 0) {
      return "not a valid attribute name";
    }
    if (name.startsWith("user.overlay.") || name.startsWith("trusted.overlay.")) {
      return "overlayfs metadata may not come from a layer (it could forge whiteouts, opaque"
          + " directories or redirects)";
    }
    if (name.startsWith("user.")
        || name.equals("security.capability")
        || name.equals("system.posix_acl_access")
        || name.equals("system.posix_acl_default")) {
      return null;
    }
    if (name.startsWith("trusted.")) {
      return "the trusted namespace is reserved to the host";
    }
    if (name.startsWith("security.")) {
      return "security labels are the host's policy; only security.capability may come from a"
          + " layer";
    }
    return "only user.*, security.capability and POSIX ACLs may come from a layer";
  }
}
