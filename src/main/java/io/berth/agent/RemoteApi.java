package io.berth.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Where and how the agent serves its API to remote clients ({@code berth agent --listen}).
 *
 * @param listen the address to listen on
 * @param tlsCert the certificate chain (PEM), or null for the self-signed one under the root
 * @param tlsKey the certificate's key (PEM); given exactly when {@code tlsCert} is
 * @param insecurePlain plain HTTP instead of TLS: only on a loopback address
 * @param adminPassword the password of user {@code admin} ({@code BERTH_ADMIN_PASSWORD}), or null
 *     for no such user; hashed at start, never logged
 */
public record RemoteApi(
    InetSocketAddress listen,
    Path tlsCert,
    Path tlsKey,
    boolean insecurePlain,
    String adminPassword) {

  public RemoteApi {
    if (listen == null) {
      throw new IllegalArgumentException("--listen needs HOST:PORT");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("give --tls-cert and --tls-key together");
    }
    if (insecurePlain && tlsCert != null) {
      throw new IllegalArgumentException(
          "--insecure-plain serves plain HTTP: it cannot go with --tls-cert and --tls-key");
    }
    if (insecurePlain
        && (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress())) {
      throw new IllegalArgumentException(
          ("--insecure-plain is allowed on a loopback address only (127.0.0.1, ::1), not %s:"
                  + " tokens and passwords would cross the network in clear; drop it to serve"
                  + " TLS")
              .formatted(listen.getHostString()));
    }
  }

  @Override
  public String toString() {
    return "RemoteApi[listen=%s, tlsCert=%s, tlsKey=%s, insecurePlain=%s, adminPassword=%s]"
        .formatted(
            listen, tlsCert, tlsKey, insecurePlain, adminPassword == null ? null : "<secret>");
  }
}
