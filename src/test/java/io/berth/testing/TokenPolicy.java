package io.berth.testing;

import java.util.Optional;
import java.util.Set;

/**
 * What a token server grants: given the authenticated user (empty for an anonymous request) and a
 * requested scope, the actions the token allows. Granting fewer actions than asked is how real
 * token servers refuse: the token is issued, and the registry then answers 401.
 */
@FunctionalInterface
public interface TokenPolicy {

  Set<String> grant(Optional<String> user, Scope requested);

  /** Users get what they ask for; anonymous requests get nothing. */
  static TokenPolicy usersOnly() {
    return (user, scope) -> user.isPresent() ? scope.actions() : Set.of();
  }

  /** Users get what they ask for; anonymous requests may pull (a public repository). */
  static TokenPolicy anonymousPull() {
    return (user, scope) ->
        user.isPresent()
            ? scope.actions()
            : scope.actions().contains("pull") ? Set.of("pull") : Set.of();
  }

  /** Everyone, users or not, may pull only. */
  static TokenPolicy pullOnly() {
    return (user, scope) -> scope.actions().contains("pull") ? Set.of("pull") : Set.of();
  }
}
