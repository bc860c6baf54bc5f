package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.config.LoopbackHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The order berth looks for its primary config in, against files and loopback servers. */
@Timeout(30)
class ConfigSourcesTest {
  private static final FetchLimits LIMITS =
      new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 16);
  private static final String PRIMARY = "services: {web: {image: nginx}}\n";

  @TempDir Path dir;

  private static Optional<ResolvedSource> resolve(Map<String, String> env, String flag)
      throws ConfigFetchException {
    return ConfigSources.resolve(env, Optional.ofNullable(flag), LIMITS);
  }

  private static String fetched(ResolvedSource resolved) throws ConfigFetchException {
    return new String(resolved.source().fetch().content());
  }

  @Test
  void nothingGiven_noSource() throws Exception {
    assertThat(resolve(Map.of(), null)).isEmpty();
    assertThat(resolve(Map.of("BERTH_URL", " ", "BERTH_ENV", ""), null)).isEmpty();
  }

  @Test
  void flag_winsOverEverything() throws Exception {
    Path file = Files.writeString(dir.resolve("berth.yaml"), PRIMARY);
    ResolvedSource resolved =
        resolve(
                Map.of(
                    "BERTH_URL", "http://127.0.0.1:9/never",
                    "BERTH_META_CONFIG", "/nonexistent/meta.json",
                    "BERTH_ENV", "ec2",
                    "BERTH_EC2_METADATA_URL", "http://127.0.0.1:9/latest"),
                file.toString())
            .orElseThrow();

    assertThat(resolved.origin()).isEqualTo("-c");
    assertThat(resolved.source().name()).isEqualTo(file.toString());
    assertThat(fetched(resolved)).isEqualTo(PRIMARY);
  }

  @Test
  void berthUrl_winsOverMetaConfigAndEc2() throws Exception {
    try (var http = LoopbackHttp.start(r -> Response.of(200, PRIMARY))) {
      ResolvedSource resolved =
          resolve(
                  Map.of(
                      "BERTH_URL", http.uri("/berth.yaml").toString(),
                      "BERTH_META_CONFIG", "/nonexistent/meta.json",
                      "BERTH_ENV", "ec2"),
                  null)
              .orElseThrow();

      assertThat(resolved.origin()).isEqualTo("BERTH_URL");
      assertThat(fetched(resolved)).isEqualTo(PRIMARY);
      assertThat(http.requests())
          .extracting(LoopbackHttp.Request::path)
          .containsExactly("/berth.yaml");
    }
  }

  @Test
  void metaConfig_plainFile_withARelativeUrl() throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/berth.yaml"), PRIMARY);
    Path meta =
        Files.writeString(
            dir.resolve("conf/meta.json"),
            """
            {
              "type": "plain",  // plain is also the default
              "url": "berth.yaml", // a path, next to this file
            }
            """);

    ResolvedSource resolved =
        resolve(Map.of("BERTH_META_CONFIG", meta.toString(), "BERTH_ENV", "ec2"), null)
            .orElseThrow();

    assertThat(resolved.origin()).isEqualTo("BERTH_META_CONFIG (plain)");
    assertThat(resolved.source().name())
        .isEqualTo(dir.resolve("conf/berth.yaml").toAbsolutePath().toString());
    assertThat(resolved.warnings()).isEmpty();
    assertThat(fetched(resolved)).isEqualTo(PRIMARY);
  }

  @Test
  void metaConfig_atAUrl_pointingAtAUrl() throws Exception {
    try (var http =
        LoopbackHttp.start(
            r ->
                switch (r.path()) {
                  case "/meta/meta.json" ->
                      Response.of(200, "{\"url\": \"../configs/berth.yaml\"}");
                  case "/configs/berth.yaml" -> Response.of(200, PRIMARY);
                  default -> Response.of(404, "");
                })) {
      ResolvedSource resolved =
          resolve(Map.of("BERTH_META_CONFIG", http.uri("/meta/meta.json").toString()), null)
              .orElseThrow();

      assertThat(resolved.origin()).isEqualTo("BERTH_META_CONFIG (plain)");
      assertThat(resolved.source().name()).isEqualTo(http.uri("/configs/berth.yaml").toString());
      assertThat(fetched(resolved)).isEqualTo(PRIMARY);
      assertThat(fetched(resolved)).as("the primary config is fetched again").isEqualTo(PRIMARY);
      assertThat(http.requests())
          .extracting(LoopbackHttp.Request::path)
          .containsExactly("/meta/meta.json", "/configs/berth.yaml", "/configs/berth.yaml");
    }
  }

  @Test
  void ec2_userDataThroughImdsV2() throws Exception {
    try (var http =
        LoopbackHttp.start(
            r -> {
              if (r.method().equals("PUT") && r.path().equals("/latest/api/token")) {
                return r.header("X-aws-ec2-metadata-token-ttl-seconds") == null
                    ? Response.of(400, "")
                    : Response.of(200, "TOKEN-1");
              }
              if (r.path().equals("/latest/user-data")) {
                return "TOKEN-1".equals(r.header("X-aws-ec2-metadata-token"))
                    ? Response.of(200, "{\"url\": \"/etc/berth/berth.yaml\"}")
                    : Response.of(401, "");
              }
              return Response.of(404, "");
            })) {
      ResolvedSource resolved =
          resolve(
                  Map.of(
                      "BERTH_ENV", "ec2", "BERTH_EC2_METADATA_URL", http.uri("/latest").toString()),
                  null)
              .orElseThrow();

      assertThat(resolved.origin()).isEqualTo("EC2 user-data via IMDSv2 (plain)");
      assertThat(resolved.source().name()).isEqualTo("/etc/berth/berth.yaml");
      assertThat(http.requests())
          .extracting(r -> r.method() + " " + r.path())
          .containsExactly("PUT /latest/api/token", "GET /latest/user-data");
    }
  }

  @Test
  void ec2_fallsBackToImdsV1_whenTheTokenRequestFails() throws Exception {
    try (var http =
        LoopbackHttp.start(
            r ->
                r.method().equals("PUT")
                    ? Response.of(403, "")
                    : r.path().equals("/latest/user-data")
                            && r.header("X-aws-ec2-metadata-token") == null
                        ? Response.of(200, "{\"url\": \"https://config.example/berth.yaml\"}")
                        : Response.of(404, ""))) {
      ResolvedSource resolved =
          resolve(
                  Map.of(
                      "BERTH_ENV",
                      "ec2",
                      "BERTH_EC2_METADATA_URL",
                      http.uri("/latest/").toString()),
                  null)
              .orElseThrow();

      assertThat(resolved.origin()).isEqualTo("EC2 user-data via IMDSv1 (plain)");
      assertThat(resolved.source().name()).isEqualTo("https://config.example/berth.yaml");
    }
  }

  @Test
  void ec2_fallsBackToImdsV1_whenTheTokenNeverComes() throws Exception {
    FetchLimits quick = new FetchLimits(Duration.ofMillis(300), Duration.ofSeconds(5), 4096);
    try (var http =
        LoopbackHttp.start(
            r ->
                r.method().equals("PUT")
                    ? Response.HANG
                    : Response.of(200, "{\"url\": \"/b.yaml\"}"))) {
      ResolvedSource resolved =
          ConfigSources.resolve(
                  Map.of(
                      "BERTH_ENV", "ec2", "BERTH_EC2_METADATA_URL", http.uri("/latest").toString()),
                  Optional.empty(),
                  quick)
              .orElseThrow();

      assertThat(resolved.origin()).isEqualTo("EC2 user-data via IMDSv1 (plain)");
    }
  }

  @Test
  void ec2_withoutUserData_failsClearly() throws Exception {
    try (var http =
        LoopbackHttp.start(
            r -> r.method().equals("PUT") ? Response.of(200, "T") : Response.of(404, ""))) {
      String base = http.uri("/latest").toString();
      assertThatThrownBy(
              () -> resolve(Map.of("BERTH_ENV", "ec2", "BERTH_EC2_METADATA_URL", base), null))
          .isInstanceOf(ConfigFetchException.class)
          .hasMessage(
              base
                  + "/user-data: this instance has no user-data; with BERTH_ENV=ec2 the meta config"
                  + " must be there");
    }
  }

  @Test
  void ec2_userDataWithARelativeUrl_isRefusedAtItsPlace() throws Exception {
    try (var http =
        LoopbackHttp.start(
            r ->
                r.method().equals("PUT")
                    ? Response.of(200, "T")
                    : Response.of(200, "{\n  \"url\": \"berth.yaml\"\n}"))) {
      String base = http.uri("/latest").toString();
      assertThatThrownBy(
              () -> resolve(Map.of("BERTH_ENV", "ec2", "BERTH_EC2_METADATA_URL", base), null))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              base
                  + "/user-data:2:3: url: expected an absolute path or a URL: the meta config has"
                  + " no place of its own to resolve a relative one against, got \"berth.yaml\"");
    }
  }

  @Test
  void metaConfig_mistakes_nameThePlace() throws Exception {
    Path meta = Files.writeString(dir.resolve("meta.json"), "{\"type\": \"s3\", \"url\": \"x\"}");
    assertThatThrownBy(() -> resolve(Map.of("BERTH_META_CONFIG", meta.toString()), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(meta + ":1:2: type: expected plain or aws-sm, got \"s3\"");

    Files.writeString(meta, "{\"url\": \"x\", \"secretId\": \"s\"}");
    assertThatThrownBy(() -> resolve(Map.of("BERTH_META_CONFIG", meta.toString()), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(meta + ":1:14: secretId: unknown field; known fields are type, url");

    Files.writeString(meta, "{\"type\": \"aws-sm\", \"secretId\": \"s\"}");
    assertThatThrownBy(() -> resolve(Map.of("BERTH_META_CONFIG", meta.toString()), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            meta
                + ":1:1: region: missing; expected an AWS region such as eu-west-1 (or AWS_REGION"
                + " in the environment)");

    Files.writeString(meta, "{\"url\": \"s3://bucket/berth.yaml\"}");
    assertThatThrownBy(() -> resolve(Map.of("BERTH_META_CONFIG", meta.toString()), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage(meta + ":1:2: url: expected a path or an http(s) URL, not a s3: URL");

    assertThatThrownBy(
            () -> resolve(Map.of("BERTH_META_CONFIG", dir.resolve("none.json").toString()), null))
        .isInstanceOf(ConfigFetchException.class)
        .hasMessage(dir.resolve("none.json") + ": no such file");
  }

  @Test
  void environmentMistakes() {
    assertThatThrownBy(() -> resolve(Map.of("BERTH_ENV", "gce"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("BERTH_ENV: expected ec2 or nothing, got \"gce\"");
    assertThatThrownBy(() -> resolve(Map.of(), "ftp://h/berth.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("-c: expected a path or an http(s) URL, not a ftp: URL");
  }

  @Test
  void awsSm_machineRole_isReportedAsNotUsed_andRegionMayComeFromTheEnvironment() throws Exception {
    Path meta =
        Files.writeString(
            dir.resolve("meta.json"),
            """
            {
              "type": "aws-sm",
              "secretId": "prod/berth",
              "machineRole": "berth-reader", // optional
            }
            """);
    ResolvedSource resolved =
        resolve(Map.of("BERTH_META_CONFIG", meta.toString(), "AWS_REGION", "eu-north-1"), null)
            .orElseThrow();
    try (ConfigSource source = resolved.source()) {
      assertThat(resolved.origin()).isEqualTo("BERTH_META_CONFIG (aws-sm)");
      assertThat(source.name()).isEqualTo("aws-sm:prod/berth");
      assertThat(resolved.warnings())
          .extracting(ConfigWarning::toString)
          .containsExactly(
              meta
                  + ":4:3: machineRole: not used: berth takes credentials from the AWS default"
                  + " chain, which on EC2 uses the role of the instance profile (an instance has"
                  + " one); that role needs secretsmanager:GetSecretValue on the secret");
    }
  }
}
