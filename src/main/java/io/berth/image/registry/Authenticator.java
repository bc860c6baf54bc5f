package io.berth.image.registry;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What berth sends as Authorization to each registry. It learns a host's scheme from its first 401
 * challenge and then authenticates up front; Bearer tokens are cached per (host, scope) until
 * shortly before they expire, and one fetch at a time fills a missing token.
 */
final class Authenticator {
  private record TokenKey(String registry, String scope) {}

  private final TokenService tokens;
  private final InstantSource clock;
  private final Map<String, AuthChallenge> schemes = new ConcurrentHashMap<>();
  private final Map<TokenKey, BearerToken> cache = new ConcurrentHashMap<>();
  private final Map<TokenKey, ReentrantLock> fetching = new ConcurrentHashMap<>();

  Authenticator(TokenService tokens, InstantSource clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  Optional<Credentials> credentials(HostConnection registry) {
    return registry.config().credentials();
  }

  /** The Authorization header for a request to {@code registry} needing {@code scope}. */
  Optional<String> authorization(HostConnection registry, String scope) throws IOException {
    AuthChallenge known = schemes.get(registry.authority());
    if (known == null) {
      return Optional.empty();
    }
    return switch (known) {
      case AuthChallenge.Basic basic -> credentials(registry).map(Credentials::basicAuthorization);
      case AuthChallenge.Bearer bearer ->
          Optional.of(token(registry, scope, bearer, scope, Optional.empty()).authorization());
    };
  }

  /**
   * Learns from a 401 answer. True when a second try, with what berth now sends, may succeed: a
   * fresh token, or credentials that were not sent yet.
   */
  boolean answer(
      HostConnection registry, String scope, List<AuthChallenge> offered, Optional<String> sent)
      throws IOException {
    Optional<AuthChallenge.Bearer> bearer =
        offered.stream()
            .filter(AuthChallenge.Bearer.class::isInstance)
            .map(AuthChallenge.Bearer.class::cast)
            .findFirst();
    if (bearer.isPresent()) {
      schemes.put(registry.authority(), bearer.get());
      String ask = bearer.get().scope() != null ? bearer.get().scope() : scope;
      token(registry, scope, bearer.get(), ask, sent);
      return true;
    }
    Optional<AuthChallenge> basic =
        offered.stream().filter(AuthChallenge.Basic.class::isInstance).findFirst();
    if (basic.isPresent()) {
      schemes.put(registry.authority(), basic.get());
      boolean sentBasic = sent.filter(s -> s.startsWith("Basic ")).isPresent();
      return credentials(registry).isPresent() && !sentBasic;
    }
    return false;
  }

  /**
   * The cached token for (registry, scope), or a fresh one when there is none, it is about to
   * expire, or it is the one the registry just refused ({@code stale}).
   */
  private BearerToken token(
      HostConnection registry,
      String scope,
      AuthChallenge.Bearer challenge,
      String ask,
      Optional<String> stale)
      throws IOException {
    TokenKey key = new TokenKey(registry.authority(), scope);
    ReentrantLock lock = fetching.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      BearerToken cached = cache.get(key);
      if (cached != null
          && cached.usableAt(clock.instant())
          && !stale.filter(cached.authorization()::equals).isPresent()) {
        return cached;
      }
      cache.remove(key);
      BearerToken fresh =
          tokens.fetch(
              registry.config().host(),
              hostName(registry.authority()),
              challenge,
              ask,
              credentials(registry));
      cache.put(key, fresh);
      return fresh;
    } finally {
      lock.unlock();
    }
  }

  private static String hostName(String authority) {
    if (authority.startsWith("[")) {
      return authority.substring(1, authority.indexOf(']'));
    }
    int colon = authority.lastIndexOf(':');
    return colon >= 0 ? authority.substring(0, colon) : authority;
  }
}
