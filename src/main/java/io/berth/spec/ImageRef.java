package io.berth.spec;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference, {@code registry/repository:tag@digest}, normalised as Docker does: {@code
 * busybox} is {@code docker.io/library/busybox:latest}.
 *
 * @param registry the registry's host[:port] as the user names it ({@code docker.io}, {@code
 *     localhost:5000})
 * @param repository the repository path ({@code library/busybox})
 * @param tag the tag, or null when the reference is by digest only
 * @param digest the digest, or null
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
  public static final String DOCKER_HUB = "docker.io";
  private static final int MAX_NAME_LENGTH = 255;

  // The grammar of github.com/distribution/reference.
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  public ImageRef {
    if (registry == null || !DOMAIN.matcher(registry).matches()) {
      throw new IllegalArgumentException("invalid registry host '%s'".formatted(registry));
    }
    if (repository == null || repository.isEmpty()) {
      throw new IllegalArgumentException("missing repository name");
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "invalid repository name '%s': each path component must be lowercase letters, digits"
                    .formatted(repository)
                + " and single separators (. _ __ -)");
      }
    }
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "repository name '%s/%s' is longer than %d characters"
              .formatted(registry, repository, MAX_NAME_LENGTH));
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "invalid tag '%s': expected up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"
              .formatted(tag));
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
  }

  /**
   * Parses a reference as {@code docker pull} does. Throws {@link IllegalArgumentException} with a
   * message that names the reference and what is wrong with it.
   */
  public static ImageRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    try {
      return parseChecked(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid image reference '" + text + "': " + e.getMessage(), e);
    }
  }

  private static ImageRef parseChecked(String text) {
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Digest.parse(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("empty tag after ':'");
      }
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".")
          || first.contains(":")
          || first.equals("localhost")
          || !first.equals(first.toLowerCase(Locale.ROOT))) {
        registry = first;
        repository = rest.substring(slash + 1);
      }
    }
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("repository name must be lowercase");
    }
    return new ImageRef(registry, repository, tag, digest);
  }

  /** The host berth talks to: Docker Hub's API is served by registry-1.docker.io. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  /** The tag or digest to ask the registry's manifest endpoint for; the digest wins. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag;
  }

  public Optional<Digest> pinnedDigest() {
    return Optional.ofNullable(digest);
  }

  /** The same repository at another digest, keeping the tag for display. */
  public ImageRef withDigest(Digest newDigest) {
    return new ImageRef(registry, repository, tag, newDigest);
  }

  /** The same repository and tag without a digest. */
  public ImageRef withoutDigest() {
    return new ImageRef(registry, repository, tag == null ? "latest" : tag, null);
  }

  /** {@code registry/repository}, the name without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The short form Docker shows: {@code busybox:latest} for Docker Hub's library images. */
  public String familiar() {
    String name = name();
    if (registry.equals(DOCKER_HUB)) {
      name = repository.startsWith("library/") ? repository.substring(8) : repository;
    }
    return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  @Override
  public String toString() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
