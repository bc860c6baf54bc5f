package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.config.LoopbackHttp.Request;
import io.berth.config.LoopbackHttp.Response;
import io.berth.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary config kept as an AWS Secrets Manager secret, against a loopback endpoint that speaks
 * the service's JSON protocol and checks that requests are signed.
 */
@Timeout(60)
class SecretsManagerSourceTest {
  private static final FetchLimits LIMITS =
      new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(10), 1 << 16);
  private static final String ACCESS_KEY = "AKIDBERTHTEST";
  private static final String PRIMARY =
      "{\n  // kept in Secrets Manager\n  \"services\": {\"web\": {\"image\": \"nginx\"},},\n}\n";

  @TempDir Path dir;

  /** Answers GetSecretValue for the secrets it holds, as Secrets Manager does. */
  private static Response secretsManager(Request request, Map<String, String> secrets)
      throws Exception {
    if (!request.method().equals("POST")
        || !"secretsmanager.GetSecretValue".equals(request.header("X-Amz-Target"))) {
      return Response.of(400, "{\"__type\":\"UnknownOperationException\"}");
    }
    String authorization = request.header("Authorization");
    if (authorization == null
        || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
        || !authorization.contains("/eu-west-1/secretsmanager/aws4_request")
        || !authorization.contains("Signature=")) {
      return Response.of(
          403,
          "{\"__type\":\"UnrecognizedClientException\",\"message\":\"not signed\"}",
          "Content-Type",
          "application/x-amz-json-1.1");
    }
    JsonNode body = Json.lenient().readTree(request.body());
    String id = body.path("SecretId").asText();
    String secret = secrets.get(id);
    if (secret == null) {
      return Response.of(
          400,
          "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the"
              + " specified secret.\"}",
          "Content-Type",
          "application/x-amz-json-1.1",
          "x-amzn-ErrorType",
          "ResourceNotFoundException");
    }
    var answer = Json.lenient().createObjectNode();
    answer.put("ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + id + "-AbCdEf");
    answer.put("Name", id);
    answer.put("SecretString", secret);
    answer.put("VersionId", "00000000-0000-0000-0000-000000000001");
    answer.putArray("VersionStages").add("AWSCURRENT");
    answer.put("CreatedDate", 1.7e9);
    return Response.of(200, answer.toString(), "Content-Type", "application/x-amz-json-1.1");
  }

  private ResolvedSource resolve(LoopbackHttp endpoint, String secretId) throws Exception {
    Path meta =
        Files.writeString(
            dir.resolve("meta.json"),
            """
            {
              "type": "aws-sm",
              "secretId": "%s",
              "region": "eu-west-1",
              "endpoint": "%s",
            }
            """
                .formatted(secretId, endpoint.uri("/")));
    return ConfigSources.resolve(
            Map.of(
                "BERTH_META_CONFIG",
                meta.toString(),
                "AWS_ACCESS_KEY_ID",
                ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                "berth-test-secret-key"),
            Optional.empty(),
            LIMITS)
        .orElseThrow();
  }

  @Test
  void fetch_returnsTheSecretString_fromASignedRequest() throws Exception {
    try (var endpoint = LoopbackHttp.start(r -> secretsManager(r, Map.of("prod/berth", PRIMARY)))) {
      ResolvedSource resolved = resolve(endpoint, "prod/berth");
      try (ConfigSource source = resolved.source()) {
        FetchedConfig fetched = source.fetch();

        assertThat(resolved.origin()).isEqualTo("BERTH_META_CONFIG (aws-sm)");
        assertThat(new String(fetched.content())).isEqualTo(PRIMARY);
        assertThat(fetched.name()).isEqualTo("aws-sm:prod/berth");
        assertThat(ConfigParserTest.PARSER.parse(fetched).config().services())
            .containsOnlyKeys("web");
      }
      Request request = endpoint.requests().getFirst();
      assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 ");
      assertThat(request.header("Content-Type")).startsWith("application/x-amz-json-1.1");
      assertThat(Json.lenient().readTree(request.body()).path("SecretId").asText())
          .isEqualTo("prod/berth");
    }
  }

  @Test
  void fetchIfChanged_onlyWhenTheSecretChanges() throws Exception {
    AtomicReference<String> value = new AtomicReference<>(PRIMARY);
    try (var endpoint =
            LoopbackHttp.start(r -> secretsManager(r, Map.of("prod/berth", value.get())));
        ConfigSource source = resolve(endpoint, "prod/berth").source()) {
      assertThat(source.fetchIfChanged()).isPresent();
      assertThat(source.fetchIfChanged()).isEmpty();
      value.set("services: {}\n");
      assertThat(source.fetchIfChanged().map(f -> new String(f.content())))
          .contains("services: {}\n");
    }
  }

  @Test
  void fetch_ofAMissingSecret_failsNamingIt() throws Exception {
    try (var endpoint = LoopbackHttp.start(r -> secretsManager(r, Map.of()));
        ConfigSource source = resolve(endpoint, "prod/missing").source()) {
      assertThatThrownBy(source::fetch)
          .isInstanceOf(ConfigFetchException.class)
          .hasMessage(
              "aws-sm:prod/missing: Secrets Manager in eu-west-1 has no secret \"prod/missing\""
                  + " (ResourceNotFoundException: Secrets Manager can't find the specified"
                  + " secret.)");
      assertThat(endpoint.requests()).hasSize(1);
    }
  }

  @Test
  void fetch_whenRefused_saysSo() throws Exception {
    try (var endpoint = LoopbackHttp.start(r -> secretsManager(r, Map.of()))) {
      Path meta =
          Files.writeString(
              dir.resolve("meta.json"),
              "{\"type\": \"aws-sm\", \"secretId\": \"s\", \"region\": \"eu-west-1\","
                  + " \"endpoint\": \"%s\"}".formatted(endpoint.uri("/")));
      ConfigSource source =
          ConfigSources.resolve(
                  Map.of(
                      "BERTH_META_CONFIG",
                      meta.toString(),
                      "AWS_ACCESS_KEY_ID",
                      "AKIDOTHER",
                      "AWS_SECRET_ACCESS_KEY",
                      "k"),
                  Optional.empty(),
                  LIMITS)
              .orElseThrow()
              .source();
      try (source) {
        assertThatThrownBy(source::fetch)
            .isInstanceOf(ConfigFetchException.class)
            .hasMessage(
                "aws-sm:s: Secrets Manager in eu-west-1 refused GetSecretValue for \"s\": HTTP"
                    + " 403, UnrecognizedClientException: not signed");
      }
    }
  }

  @Test
  void fetch_afterClose_fails() throws Exception {
    try (var endpoint = LoopbackHttp.start(r -> secretsManager(r, Map.of("a", PRIMARY)))) {
      ConfigSource source = resolve(endpoint, "a").source();
      source.fetch();
      source.close();
      assertThatThrownBy(source::fetch)
          .isInstanceOf(ConfigFetchException.class)
          .hasMessage("aws-sm:a: the source is closed");
    }
  }
}
