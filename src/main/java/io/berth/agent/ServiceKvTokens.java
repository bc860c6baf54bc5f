package io.berth.agent;

import io.berth.auth.ApiToken;
import io.berth.auth.ApiTokens;
import io.berth.spec.KvAccess;
import io.berth.spec.ServiceSpec;
import io.berth.supervise.ServiceEnv;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens of services with {@code kvAccess}: a read token limited to the service's prefix, named
 * {@code service:NAME}, given to its containers in {@code BERTH_KV_TOKEN} with the store's URL in
 * {@code BERTH_KV_URL}. Only the token's hash is stored, so a token is reused while this agent runs
 * and made anew after a restart (the service's older tokens are then revoked); it is revoked when
 * the service is removed.
 */
final class ServiceKvTokens implements ServiceEnv {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceKvTokens.class);
  static final String URL_VAR = "BERTH_KV_URL";
  static final String TOKEN_VAR = "BERTH_KV_TOKEN";
  // services start before the listener is bound (its port may be chosen by the system)
  private static final Duration LISTENER_WAIT = Duration.ofSeconds(30);

  private final ApiTokens tokens;
  private final CountDownLatch listening = new CountDownLatch(1);
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private volatile String url;

  private record Issued(KvAccess access, String tokenId, String secret) {
    @Override
    public String toString() {
      return "Issued[access=" + access + ", tokenId=" + tokenId + ", secret=<secret>]";
    }
  }

  ServiceKvTokens(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** The store's URL, once the remote API listens: {@code https://HOST:PORT/v1/kv}. */
  void listening(String url) {
    this.url = url;
    listening.countDown();
  }

  static String tokenName(String service) {
    return "service:" + service;
  }

  @Override
  public Map<String, String> env(ServiceSpec service) throws IOException {
    KvAccess access = service.kvAccess();
    if (access == null) {
      Issued previous = issued.remove(service.name());
      if (previous != null) {
        tokens.revoke(previous.tokenId());
      }
      return Map.of();
    }
    try {
      if (!listening.await(LISTENER_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IOException(
            "service %s: the remote API is not listening yet; its kv token waits for it"
                .formatted(service.name()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("service %s: interrupted".formatted(service.name()), e);
    }
    return Map.of(URL_VAR, url, TOKEN_VAR, token(service.name(), access));
  }

  private synchronized String token(String service, KvAccess access) throws IOException {
    Issued current = issued.get(service);
    if (current != null && current.access().equals(access) && stillThere(current.tokenId())) {
      return current.secret();
    }
    ApiToken.Created created =
        tokens.create("read", tokenName(service), null, access.prefix(), access.secrets());
    issued.put(service, new Issued(access, created.token().id(), created.secret()));
    int revoked = revokeOthers(service, created.token().id());
    LOG.info(
        "service {}: kv token {} for {}{}{}",
        service,
        created.token().id(),
        access.prefix(),
        access.secrets() ? " (secrets revealed)" : "",
        revoked == 0 ? "" : ", " + revoked + " older revoked");
    return created.secret();
  }

  private boolean stillThere(String id) throws IOException {
    return tokens.list().stream().anyMatch(t -> t.id().equals(id));
  }

  private int revokeOthers(String service, String keep) throws IOException {
    int revoked = 0;
    for (ApiToken token : tokens.list()) {
      if (token.name().equals(tokenName(service)) && !token.id().equals(keep)) {
        revoked += tokens.revoke(token.id()) ? 1 : 0;
      }
    }
    return revoked;
  }

  @Override
  public synchronized void removed(String service) {
    issued.remove(service);
    try {
      int revoked = revokeOthers(service, null);
      if (revoked > 0) {
        LOG.info("service {} removed: its kv token revoked", service);
      }
    } catch (IOException e) {
      LOG.warn("service {} removed: cannot revoke its kv token: {}", service, e.getMessage());
    }
  }
}
