package io.berth.runtime.spec;

import io.berth.image.oci.ImageConfig;
import io.berth.spec.ContainerSpec;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.nio.file.Path;

/**
 * One container to build a runtime spec for.
 *
 * @param id the container's id: runc's name for it, its cgroup's name, and its default hostname
 *     (the first 12 characters)
 * @param spec what the user asked for
 * @param image the image's config
 * @param imageRef the image as resolved, named in error messages and annotations
 * @param imageDigest the digest of the image's manifest
 * @param rootfs the root filesystem, absolute or relative to the bundle
 * @param files the generated /etc files
 * @param users the image's /etc/passwd and /etc/group
 */
public record ContainerRequest(
    String id,
    ContainerSpec spec,
    ImageConfig image,
    ImageRef imageRef,
    Digest imageDigest,
    Path rootfs,
    GeneratedFiles files,
    UserDatabase users) {
  public ContainerRequest {
    if (id == null || !id.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException(
          "invalid container id '%s': letters, digits, '_', '.' and '-', up to 128".formatted(id));
    }
    if (spec == null || image == null || imageRef == null || imageDigest == null) {
      throw new IllegalArgumentException("a container request needs a spec and its image");
    }
    if (rootfs == null) {
      throw new IllegalArgumentException("a container request needs a root filesystem");
    }
    files = files == null ? GeneratedFiles.NONE : files;
    users = users == null ? UserDatabase.empty() : users;
  }
}
