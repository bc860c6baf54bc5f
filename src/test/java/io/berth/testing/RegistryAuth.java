package io.berth.testing;

import java.net.URI;
import java.nio.file.Path;

/** How a {@link TestRegistry} authenticates clients, as its config.yml says. */
public sealed interface RegistryAuth {

  /** Anyone may pull and push. */
  record None() implements RegistryAuth {}

  /** HTTP Basic against an htpasswd file ({@code auth.htpasswd}). */
  record Htpasswd(Path file) implements RegistryAuth {}

  /** Bearer tokens from a token server ({@code auth.token}). */
  record Token(URI realm, String service, String issuer, Path rootCertBundle)
      implements RegistryAuth {}
}
