package io.berth.config;

import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image named as Frontloader names it, by the URL of its manifest in the registry API: {@code
 * https://registry.hub.docker.com/v2/myorg/myproject/manifests/latest}, or {@code
 * http://127.0.0.1:5000/v2/app/manifests/v1} for a registry without TLS.
 *
 * @param image the reference, normalised ({@code registry.hub.docker.com} is {@code docker.io})
 * @param plainHttp whether the URL is {@code http://}: that registry is spoken to without TLS
 */
record ManifestUrl(ImageRef image, boolean plainHttp) {
  private static final Pattern PATH = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  private static final String EXPECTED =
      "a manifest URL such as https://registry.hub.docker.com/v2/ORG/REPO/manifests/TAG";

  static ManifestUrl parse(Field field, String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw field.fail("expected " + EXPECTED + ": " + e.getReason());
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    Matcher path = PATH.matcher(uri.getPath() == null ? "" : uri.getPath());
    if (!(scheme.equals("https") || scheme.equals("http"))
        || uri.getHost() == null
        || !path.matches()) {
      throw field.fail("expected " + EXPECTED + ", got " + shown(uri));
    }
    String host = RegistriesSection.host(field, hostAndPort(uri));
    String repository = path.group(1);
    if (host.equals(ImageRef.DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    String reference = path.group(2);
    try {
      ImageRef image =
          reference.contains(":")
              ? new ImageRef(host, repository, null, Digest.parse(reference))
              : new ImageRef(host, repository, reference, null);
      return new ManifestUrl(image, scheme.equals("http"));
    } catch (IllegalArgumentException e) {
      throw field.fail("expected " + EXPECTED + ": " + e.getMessage(), e);
    }
  }

  private static String hostAndPort(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** The URL without any user info, which may hold a password. */
  private static String shown(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return "\"" + uri + "\"";
    }
    return "\"" + uri.toString().replace(uri.getRawUserInfo() + "@", "…@") + "\"";
  }
}
