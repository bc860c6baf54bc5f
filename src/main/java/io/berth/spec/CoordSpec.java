package io.berth.spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where the agent keeps its revisioned keys (discovery registrations, configuration): in its own
 * SQLite database ({@code coord: {backend: embedded}}), or in an etcd cluster shared by many hosts
 * ({@code coord: {backend: etcd, endpoints: [...], prefix: /berth, tls: {...}, username,
 * passwordFile}}).
 */
public sealed interface CoordSpec permits CoordSpec.Embedded, CoordSpec.Etcd {

  /** The default: the embedded backend with its default history. */
  static CoordSpec embedded() {
    return Embedded.DEFAULT;
  }

  /** The backend's name as the config file spells it: {@code embedded} or {@code etcd}. */
  String backend();

  /**
   * Keys in the agent's SQLite database.
   *
   * @param historyRevisions how many recent revisions a watch can start from; older ones are
   *     compacted
   * @param historyBytes at most this many bytes of values are kept in the history; the oldest
   *     revisions are compacted first
   */
  record Embedded(int historyRevisions, long historyBytes) implements CoordSpec {
    public static final int DEFAULT_HISTORY_REVISIONS = 10_000;
    public static final long DEFAULT_HISTORY_BYTES = 64L << 20;
    public static final Embedded DEFAULT =
        new Embedded(DEFAULT_HISTORY_REVISIONS, DEFAULT_HISTORY_BYTES);

    public Embedded {
      if (historyRevisions < 1) {
        throw new IllegalArgumentException(
            "coord.history: at least 1 revision must be kept, not %d".formatted(historyRevisions));
      }
      if (historyBytes < 1) {
        throw new IllegalArgumentException(
            "coord.historyBytes: must be positive, not %d".formatted(historyBytes));
      }
    }

    @Override
    public String backend() {
      return "embedded";
    }
  }

  /**
   * An etcd cluster (v3 API).
   *
   * @param endpoints client URLs of the members, {@code http://host:port} or {@code
   *     https://host:port}, all with the same scheme
   * @param prefix every key is stored under this prefix, which callers never see: {@code /berth}
   *     (the default when null), or empty for none; it starts with a slash and does not end with
   *     one
   * @param tls how to reach {@code https} endpoints; null for the system's trusted CAs and no
   *     client certificate
   * @param username the etcd user; null without authentication
   * @param passwordFile the file holding the user's password (one line); required with a user
   * @param timeout how long one request may take, retries included; null for 10 seconds
   */
  record Etcd(
      List<URI> endpoints,
      String prefix,
      Tls tls,
      String username,
      Path passwordFile,
      Duration timeout)
      implements CoordSpec {
    public static final String DEFAULT_PREFIX = "/berth";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Etcd {
      if (endpoints == null || endpoints.isEmpty()) {
        throw new IllegalArgumentException("coord.endpoints: etcd needs at least one endpoint");
      }
      endpoints = List.copyOf(endpoints);
      String scheme = null;
      for (int i = 0; i < endpoints.size(); i++) {
        String s = checkEndpoint(i, endpoints.get(i));
        if (scheme != null && !scheme.equals(s)) {
          throw new IllegalArgumentException(
              "coord.endpoints: mixes http and https; all endpoints must use the same scheme");
        }
        scheme = s;
      }
      if (tls != null && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "coord.tls is given but the endpoints are http://; use https:// endpoints");
      }
      prefix = prefix == null ? DEFAULT_PREFIX : prefix;
      if (!prefix.isEmpty() && !prefix.matches("(/[^/]+)+")) {
        throw new IllegalArgumentException(
            ("coord.prefix: expected empty or a path such as /berth (a leading slash, no trailing"
                    + " slash, no empty segment), not '%s'")
                .formatted(prefix));
      }
      if (username != null && username.isEmpty()) {
        throw new IllegalArgumentException("coord.username: must not be empty");
      }
      if (username != null && passwordFile == null) {
        throw new IllegalArgumentException(
            "coord.username '%s' has no passwordFile".formatted(username));
      }
      if (username == null && passwordFile != null) {
        throw new IllegalArgumentException("coord.passwordFile is given without a username");
      }
      timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "coord.timeout: must be positive, not %s".formatted(timeout));
      }
    }

    /** Plain endpoints, the default prefix, no authentication. */
    public static Etcd of(URI... endpoints) {
      return new Etcd(List.of(endpoints), null, null, null, null, null);
    }

    public Etcd withPrefix(String newPrefix) {
      return new Etcd(endpoints, newPrefix, tls, username, passwordFile, timeout);
    }

    public Etcd withTls(Tls newTls) {
      return new Etcd(endpoints, prefix, newTls, username, passwordFile, timeout);
    }

    public Etcd withUser(String newUsername, Path newPasswordFile) {
      return new Etcd(endpoints, prefix, tls, newUsername, newPasswordFile, timeout);
    }

    public Etcd withTimeout(Duration newTimeout) {
      return new Etcd(endpoints, prefix, tls, username, passwordFile, newTimeout);
    }

    /** True when the endpoints are {@code https://}. */
    public boolean secure() {
      return "https".equals(endpoints.getFirst().getScheme().toLowerCase(Locale.ROOT));
    }

    @Override
    public String backend() {
      return "etcd";
    }

    private static String checkEndpoint(int index, URI uri) {
      String where = "coord.endpoints[%d]".formatted(index);
      if (uri == null) {
        throw new IllegalArgumentException(where + ": missing");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "%s: expected http://host:port or https://host:port, not '%s'".formatted(where, uri));
      }
      if (uri.getHost() == null || uri.getPort() < 1) {
        throw new IllegalArgumentException(
            "%s: expected a host and a port, such as http://127.0.0.1:2379, not '%s'"
                .formatted(where, uri));
      }
      if (uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            where + ": credentials do not belong in an endpoint; use username and passwordFile");
      }
      boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
      if (!(bare || uri.getRawPath().equals("/"))
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "%s: an endpoint has no path, query or fragment: '%s'".formatted(where, uri));
      }
      return scheme;
    }
  }

  /**
   * TLS towards etcd.
   *
   * @param caFile PEM certificates of the CAs to trust; null for the system's
   * @param certFile the client certificate (PEM), for clusters that require one; with keyFile
   * @param keyFile the client certificate's private key (PEM, PKCS#8); with certFile
   */
  record Tls(Path caFile, Path certFile, Path keyFile) {
    public Tls {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException(
            "coord.tls: certFile and keyFile go together; give both or neither");
      }
      if (caFile == null && certFile == null) {
        throw new IllegalArgumentException(
            "coord.tls: give caFile, or certFile and keyFile, or all three");
      }
    }
  }
}
