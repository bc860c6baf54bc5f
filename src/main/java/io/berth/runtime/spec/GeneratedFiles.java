package io.berth.runtime.spec;

import java.nio.file.Path;

/**
 * The files the runtime writes into the container's directory and the builder bind-mounts over the
 * image's: read-write when the root is writable, read-only when it is not, as Docker does. A null
 * path is not mounted (the image's own file shows).
 *
 * @param hosts mounted at /etc/hosts
 * @param hostname mounted at /etc/hostname
 * @param resolvConf mounted at /etc/resolv.conf
 */
public record GeneratedFiles(Path hosts, Path hostname, Path resolvConf) {
  public static final GeneratedFiles NONE = new GeneratedFiles(null, null, null);

  public GeneratedFiles {
    for (Path p : new Path[] {hosts, hostname, resolvConf}) {
      if (p != null && !p.isAbsolute()) {
        throw new IllegalArgumentException("a generated file needs an absolute path, not " + p);
      }
    }
  }

  /** The three files in {@code directory}: {@code hosts}, {@code hostname}, {@code resolv.conf}. */
  public static GeneratedFiles in(Path directory) {
    return new GeneratedFiles(
        directory.resolve("hosts"),
        directory.resolve("hostname"),
        directory.resolve("resolv.conf"));
  }
}
