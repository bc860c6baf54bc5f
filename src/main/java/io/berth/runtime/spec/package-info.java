/**
 * From an image's config and a user's {@link io.berth.spec.ContainerSpec} to the OCI runtime {@code
 * config.json} runc reads: the records of runtime-spec 1.0.2 ({@link io.berth.runtime.spec.OciSpec}
 * and its parts) and {@link io.berth.runtime.spec.OciSpecBuilder}, which applies Docker's rules
 * (entrypoint and command, environment, user, capabilities, mounts, limits) with secure defaults: a
 * read-only root, no new privileges, a seccomp allowlist, masked /proc and /sys paths.
 *
 * <p>Pure: the builder reads nothing but what it is given (and its own seccomp profile, a
 * class-path resource). The caller reads the image's /etc/passwd and /etc/group, the host's limits
 * and which paths exist.
 *
 * <p>May depend on: {@code image.oci}, {@code spec}.
 */
package io.berth.runtime.spec;
