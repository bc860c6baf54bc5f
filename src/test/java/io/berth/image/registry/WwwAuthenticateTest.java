package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WwwAuthenticateTest {

  @Test
  void parse_dockerHubBearer_readsRealmServiceAndScope() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse(
            List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/busybox:pull\""));

    assertThat(challenges)
        .containsExactly(
            new AuthChallenge.Bearer(
                "https://auth.docker.io/token",
                "registry.docker.io",
                "repository:library/busybox:pull",
                null));
  }

  @Test
  void parse_quotedValueWithCommasAndEscapes_keepsThemInTheValue() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse(
            List.of(
                "Bearer realm=\"https://auth.example/token?a=1,b=2\", service=\"svc\","
                    + " scope=\"repository:a/b:pull,push repository:c:pull\","
                    + " error=\"insufficient_scope\", note=\"say \\\"hi\\\"\""));

    assertThat(challenges)
        .containsExactly(
            new AuthChallenge.Bearer(
                "https://auth.example/token?a=1,b=2",
                "svc",
                "repository:a/b:pull,push repository:c:pull",
                "insufficient_scope"));
  }

  @Test
  void parse_schemeAndNamesInAnyCase_areRecognised() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse(List.of("BEARER Realm=\"https://r\", SERVICE=svc, Scope=x"));

    assertThat(challenges).containsExactly(new AuthChallenge.Bearer("https://r", "svc", "x", null));
  }

  @Test
  void parse_severalChallengesInOneHeader_returnsEachInOrder() {
    List<WwwAuthenticate.Challenge> challenges =
        WwwAuthenticate.parse(
            "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\","
                + " Negotiate, Bearer realm=\"https://r\",service=\"s\"");

    assertThat(challenges)
        .containsExactly(
            new WwwAuthenticate.Challenge(
                "newauth", Map.of("realm", "apps", "type", "1", "title", "Login to \"apps\"")),
            new WwwAuthenticate.Challenge("basic", Map.of("realm", "simple")),
            new WwwAuthenticate.Challenge("negotiate", Map.of()),
            new WwwAuthenticate.Challenge("bearer", Map.of("realm", "https://r", "service", "s")));
  }

  @Test
  void parse_severalHeaders_keepsTheChallengesBerthCanAnswer() {
    List<AuthChallenge> challenges =
        AuthChallenge.parse(
            List.of("Negotiate abc==", "Basic realm=\"registry\"", "Bearer realm=\"https://t\""));

    assertThat(challenges)
        .containsExactly(
            new AuthChallenge.Basic("registry"),
            new AuthChallenge.Bearer("https://t", null, null, null));
  }

  @Test
  void parse_token68_isKeptApart() {
    assertThat(WwwAuthenticate.parse("Negotiate YWJjZA==, Basic realm=x"))
        .containsExactly(
            new WwwAuthenticate.Challenge("negotiate", Map.of("token68", "YWJjZA==")),
            new WwwAuthenticate.Challenge("basic", Map.of("realm", "x")));
  }

  @Test
  void parse_bearerWithoutRealm_isDropped() {
    assertThat(AuthChallenge.parse(List.of("Bearer service=\"x\""))).isEmpty();
  }

  @Test
  void parse_garbage_returnsWhatParsedBeforeIt() {
    assertThat(WwwAuthenticate.parse("")).isEmpty();
    assertThat(WwwAuthenticate.parse("\"quoted\" junk")).isEmpty();
    assertThat(WwwAuthenticate.parse("Basic realm=\"unterminated"))
        .containsExactly(new WwwAuthenticate.Challenge("basic", Map.of("realm", "unterminated")));
  }
}
