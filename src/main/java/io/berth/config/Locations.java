package io.berth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Locations as users write them: an http(s) URL, a {@code file:} URI, or a path. */
final class Locations {
  private Locations() {}

  /**
   * The source at {@code location}; a relative one is resolved against {@code base} (the meta
   * config's own location) when there is one, else against the working directory.
   */
  static ConfigSource source(String location, Optional<URI> base, FetchLimits limits) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("expected a path or an http(s) URL, got nothing");
    }
    String text = location.strip();
    String scheme = scheme(text);
    if (scheme.equals("http") || scheme.equals("https")) {
      return new HttpSource(uri(text), limits);
    }
    if (scheme.equals("file")) {
      return new FileSource(Path.of(uri(text)), limits);
    }
    if (!scheme.isEmpty()) {
      throw new IllegalArgumentException(
          "expected a path or an http(s) URL, not a %s: URL".formatted(scheme));
    }
    Path path = Path.of(text);
    if (path.isAbsolute() || base.isEmpty()) {
      return new FileSource(path, limits);
    }
    if ("file".equalsIgnoreCase(base.get().getScheme())) {
      return new FileSource(Path.of(base.get()).resolveSibling(path).normalize(), limits);
    }
    return new HttpSource(base.get().resolve(uri(text)), limits);
  }

  /** A URL without user info or query, which may hold credentials or a signature. */
  static String shown(URI url) {
    StringBuilder out = new StringBuilder();
    if (url.getScheme() != null) {
      out.append(url.getScheme()).append("://");
    }
    if (url.getRawUserInfo() != null) {
      out.append("…@");
    }
    if (url.getHost() != null) {
      out.append(url.getHost());
    }
    if (url.getPort() >= 0) {
      out.append(':').append(url.getPort());
    }
    out.append(url.getRawPath() == null ? "" : url.getRawPath());
    if (url.getRawQuery() != null) {
      out.append("?…");
    }
    return out.toString();
  }

  /** The scheme of a URL, lower case; empty for a path (a Windows drive letter is no concern). */
  private static String scheme(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || text.indexOf('/') >= 0 && text.indexOf('/') < colon) {
      return "";
    }
    String scheme = text.substring(0, colon);
    return scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") ? scheme.toLowerCase(Locale.ROOT) : "";
  }

  private static URI uri(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + e.getReason(), e);
    }
  }
}
