package io.berth.image.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a registry asks for in {@code WWW-Authenticate} when it answers 401. Schemes berth cannot
 * answer are dropped when parsing.
 */
sealed interface AuthChallenge {

  /** HTTP Basic: send the user name and password with every request. */
  record Basic(String realm) implements AuthChallenge {}

  /**
   * The distribution token flow: fetch a token from {@code realm} for {@code service} and {@code
   * scope}, then send it as {@code Authorization: Bearer}.
   *
   * @param scope the scope the registry asked for, or null
   * @param error the reason a token was refused ({@code invalid_token}, {@code
   *     insufficient_scope}), or null
   */
  record Bearer(String realm, String service, String scope, String error) implements AuthChallenge {
    public Bearer {
      if (realm == null || realm.isBlank()) {
        throw new IllegalArgumentException("Bearer challenge without a realm");
      }
    }
  }

  /**
   * Parses every {@code WWW-Authenticate} header of an answer.
   *
   * @see WwwAuthenticate
   */
  static List<AuthChallenge> parse(List<String> headerValues) {
    return headerValues.stream()
        .flatMap(value -> WwwAuthenticate.parse(value).stream())
        .flatMap(challenge -> of(challenge.scheme(), challenge.params()).stream())
        .toList();
  }

  private static Optional<AuthChallenge> of(String scheme, Map<String, String> params) {
    return switch (scheme) {
      case "basic" -> Optional.of(new Basic(params.get("realm")));
      case "bearer" ->
          params.containsKey("realm") && !params.get("realm").isBlank()
              ? Optional.of(
                  new Bearer(
                      params.get("realm"),
                      params.get("service"),
                      params.get("scope"),
                      params.get("error")))
              : Optional.empty();
      default -> Optional.empty();
    };
  }
}
