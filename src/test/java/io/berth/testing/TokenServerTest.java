package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TokenServerTest {
  private static final Credentials ALICE = Credentials.random("alice");

  @TempDir Path dir;
  @AutoClose private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void get_withCredentials_answersTokenAccessTokenAndExpiry() throws Exception {
    try (TokenServer server =
        TokenServer.builder().user(ALICE).lifetime(Duration.ofSeconds(90)).start(dir)) {
      HttpResponse<String> response =
          get(server, "repository:app:pull,push", ALICE.basicAuthorization());

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = Json.lenient().readTree(response.body());
      assertThat(body.path("token").asText()).isNotEmpty();
      assertThat(body.path("access_token").asText()).isEqualTo(body.path("token").asText());
      assertThat(body.path("expires_in").asInt()).isEqualTo(90);
      JsonNode claims = claims(body.path("token").asText());
      assertThat(claims.path("sub").asText()).isEqualTo("alice");
      assertThat(claims.path("aud").asText()).isEqualTo(server.service());
      assertThat(claims.path("access").get(0).path("name").asText()).isEqualTo("app");
      assertThat(claims.path("access").get(0).path("actions").toString())
          .isEqualTo("[\"pull\",\"push\"]");
      JsonNode header = part(body.path("token").asText(), 0);
      assertThat(header.path("alg").asText()).isEqualTo("ES256");
      assertThat(header.path("x5c")).hasSize(1);
    }
  }

  @Test
  void get_wrongPassword_answers401AndIssuesNothing() throws Exception {
    try (TokenServer server = TokenServer.builder().user(ALICE).start(dir)) {
      String wrong = new Credentials("alice", "wrong").basicAuthorization();

      assertThat(get(server, "repository:app:pull", wrong).statusCode()).isEqualTo(401);
      assertThat(server.issuedTokens()).isZero();
    }
  }

  @Test
  void get_pullOnlyPolicy_grantsPullButNotPush() throws Exception {
    try (TokenServer server =
        TokenServer.builder().user(ALICE).policy(TokenPolicy.pullOnly()).start(dir)) {
      get(server, "repository:app:pull,push", ALICE.basicAuthorization());

      assertThat(server.issued().getFirst().granted())
          .containsExactly(Scope.repository("app", "pull"));
    }
  }

  @Test
  void get_severalScopes_recordsEachRequestedScope() throws Exception {
    try (TokenServer server = TokenServer.builder().user(ALICE).start(dir)) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      server.realm()
                          + "?service="
                          + server.service()
                          + "&scope=repository:a:pull&scope=repository:b:pull"))
              .header("Authorization", ALICE.basicAuthorization())
              .timeout(Duration.ofSeconds(10))
              .build();

      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      assertThat(server.issued().getFirst().requested())
          .containsExactly(Scope.repository("a", "pull"), Scope.repository("b", "pull"));
    }
  }

  @Test
  void scope_parse_keepsColonsOfAHostInTheName() {
    Scope scope = Scope.parse("repository:127.0.0.1:5000/app:pull,push");

    assertThat(scope.name()).isEqualTo("127.0.0.1:5000/app");
    assertThat(scope.actions()).containsExactlyInAnyOrder("pull", "push");
  }

  @Test
  void tokenFor_unknownUser_isAnonymousAndGrantsNothing() {
    try (TokenServer server = TokenServer.builder().user(ALICE).start(dir)) {
      server.tokenFor(Optional.of(Credentials.random("mallory")), Scope.repository("app", "pull"));

      assertThat(server.issued().getFirst().user()).isEmpty();
      assertThat(server.issued().getFirst().granted()).isEmpty();
    }
  }

  @Test
  void requests_grantedAndRefused_areAllRecordedWithTheirStatus() throws Exception {
    try (TokenServer server = TokenServer.builder().user(ALICE).start(dir)) {
      get(server, "repository:app:pull", ALICE.basicAuthorization());
      get(server, "repository:app:pull", new Credentials("alice", "wrong").basicAuthorization());

      assertThat(server.requests())
          .extracting(TokenCall::status, TokenCall::withCredentials)
          .containsExactly(tuple(200, true), tuple(401, true));
      assertThat(server.requests()).allMatch(call -> call.asked(Scope.repository("app", "pull")));
      assertThat(server.issuedTokens()).isEqualTo(1);
    }
  }

  @Test
  void setLifetime_running_appliesToTokensIssuedFromThenOn() throws Exception {
    try (TokenServer server = TokenServer.builder().user(ALICE).start(dir)) {
      String before = get(server, "repository:app:pull", ALICE.basicAuthorization()).body();

      server.setLifetime(Duration.ofSeconds(1));
      String after = get(server, "repository:app:pull", ALICE.basicAuthorization()).body();

      JsonNode shortLived = Json.lenient().readTree(after);
      assertThat(Json.lenient().readTree(before).path("expires_in").asInt()).isEqualTo(300);
      assertThat(shortLived.path("expires_in").asInt()).isEqualTo(1);
      JsonNode claims = claims(shortLived.path("token").asText());
      assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(1);
      assertThat(server.issued().get(1).token()).isEqualTo(shortLived.path("token").asText());
      assertThatThrownBy(() -> server.setLifetime(Duration.ofMillis(10)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void realmHost_localhost_namesThatHostOnTheSamePort() {
    try (TokenServer server = TokenServer.builder().realmHost("localhost").start(dir)) {
      assertThat(server.realm().getHost()).isEqualTo("localhost");
      assertThat(server.realm().getPort()).isPositive();
      assertThat(server.realm().getPath()).isEqualTo("/token");
    }
  }

  private HttpResponse<String> get(TokenServer server, String scope, String authorization)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(server.realm() + "?service=" + server.service() + "&scope=" + scope))
            .header("Authorization", authorization)
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode claims(String jwt) throws Exception {
    return part(jwt, 1);
  }

  private static JsonNode part(String jwt, int index) throws Exception {
    String encoded = jwt.split("\\.")[index];
    return Json.lenient()
        .readTree(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
  }
}
