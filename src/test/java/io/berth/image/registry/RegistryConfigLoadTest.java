package io.berth.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testing.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryConfigLoadTest {
  @TempDir Path dir;

  Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dockerConfig_authAndUsernamePassword_keyedByNormalisedHost() throws IOException {
    Path file =
        write(
            "config.json",
            """
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "%s"},
              "https://registry.example.com": {"username": "u2", "password": "p2"},
              "localhost:5000": {"auth": "%s", "email": "ignored@example.com"},
              "ghcr.io": {"identitytoken": "not-supported"}
            }, "credsStore": "desktop"}
            """
                .formatted(base64("hubuser:hub:pass"), base64("u3:p3")));

    var logins = DockerConfigFile.read(file);

    assertThat(logins)
        .containsEntry("docker.io", new Credentials("hubuser", "hub:pass"))
        .containsEntry("registry.example.com", new Credentials("u2", "p2"))
        .containsEntry("localhost:5000", new Credentials("u3", "p3"))
        .doesNotContainKey("ghcr.io");
  }

  @Test
  void dockerConfig_authNotBase64_namesFileAndFieldButNotTheValue() throws IOException {
    Path file = write("config.json", "{\"auths\": {\"r.example\": {\"auth\": \"%%secret%%\"}}}");

    assertThatThrownBy(() -> DockerConfigFile.read(file))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessage(
            file
                + ": auths.\"r.example\".auth: expected base64 of user:password, but it"
                + " is not valid base64")
        .hasMessageNotContaining("secret");
  }

  @Test
  void dockerConfig_malformedJson_givesLineAndColumnOnly() throws IOException {
    Path file = write("config.json", "{\"auths\": {\"r\": {\"auth\": hunter2}}}");

    assertThatThrownBy(() -> DockerConfigFile.read(file))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageStartingWith(file + ": Docker config is not well-formed at line 1, column")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void registriesFile_yaml_readsEveryField() throws Exception {
    Files.writeString(dir.resolve("secret"), "s3cret\n");
    Path ca = TlsMaterial.generate(dir).caCertificate();
    Path file =
        write(
            "registries.yaml",
            """
            registries:
              registry.example.com:
                username: deploy
                passwordFile: secret
                caFiles: [%s]
              "localhost:5000":
                tlsVerify: false
              insecure.example:
                insecure: true
                username: x
                password: y
            """
                .formatted(ca.getFileName()));

    List<HostConfig> hosts = RegistriesFile.read(file);

    assertThat(hosts)
        .containsExactly(
            new HostConfig(
                "registry.example.com",
                Optional.of(new Credentials("deploy", "s3cret")),
                true,
                List.of(ca)),
            new HostConfig("localhost:5000", Optional.empty(), false, List.of()),
            new HostConfig(
                "insecure.example", Optional.of(new Credentials("x", "y")), false, List.of()));
  }

  @Test
  void registriesFile_json_isReadAsJson() throws IOException {
    Path file =
        write(
            "registries.json",
            "{\"registries\": {\"r.example:443\": {\"username\": \"a\", \"password\": \"b\"}}}");

    assertThat(RegistriesFile.read(file))
        .containsExactly(HostConfig.of("r.example:443").withCredentials(new Credentials("a", "b")));
  }

  @Test
  void registriesFile_unknownField_namesFileAndFieldPath() throws IOException {
    Path file = write("registries.yaml", "registries:\n  \"localhost:5000\":\n    tlsverify: no\n");

    assertThatThrownBy(() -> RegistriesFile.read(file))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageStartingWith(file + ": registries.\"localhost:5000\".tlsverify: unknown field")
        .satisfies(
            e -> {
              RegistryConfigException c = (RegistryConfigException) e;
              assertThat(c.file()).isEqualTo(file);
              assertThat(c.field()).isEqualTo("registries.\"localhost:5000\".tlsverify");
            });
  }

  @Test
  void registriesFile_wrongTypes_sayWhatWasExpected() throws IOException {
    Path notBool = write("a.yaml", "registries:\n  r.example:\n    tlsVerify: \"maybe\"\n");
    Path notList = write("b.yaml", "registries:\n  r.example:\n    caFiles: {a: 1}\n");

    assertThatThrownBy(() -> RegistriesFile.read(notBool))
        .hasMessage(
            notBool
                + ": registries.\"r.example\".tlsVerify: expected true or false, got"
                + " string \"maybe\"");
    assertThatThrownBy(() -> RegistriesFile.read(notList))
        .hasMessage(
            notList
                + ": registries.\"r.example\".caFiles: expected a list of strings, got"
                + " a mapping");
  }

  @Test
  void registriesFile_inconsistentFields_areRefusedWithoutShowingThePassword() throws IOException {
    Path both =
        write(
            "both.yaml",
            "registries:\n  r:\n    username: u\n    password: pw-visible\n    passwordFile: f\n");
    Path noUser = write("nouser.yaml", "registries:\n  r:\n    password: pw-visible\n");
    Path contradiction =
        write("contra.yaml", "registries:\n  r:\n    tlsVerify: false\n    insecure: false\n");

    assertThatThrownBy(() -> RegistriesFile.read(both))
        .hasMessage(
            both + ": registries.r.passwordFile: set either password or passwordFile, not both");
    assertThatThrownBy(() -> RegistriesFile.read(noUser))
        .hasMessage(
            noUser + ": registries.r.username: missing: a password is set without a username")
        .hasMessageNotContaining("pw-visible");
    assertThatThrownBy(() -> RegistriesFile.read(contradiction))
        .hasMessageStartingWith(contradiction + ": registries.r.insecure: contradicts tlsVerify");
  }

  @Test
  void registriesFile_missingCaFile_namesTheListEntry() throws IOException {
    Path file = write("r.yaml", "registries:\n  r:\n    caFiles:\n      - /nonexistent/ca.pem\n");

    assertThatThrownBy(() -> RegistriesFile.read(file))
        .hasMessage(file + ": registries.r.caFiles[0]: CA file /nonexistent/ca.pem does not exist");
  }

  @Test
  void registriesFile_yamlSyntaxError_givesLineAndColumnOnly() throws IOException {
    Path file = write("r.yaml", "registries:\n  r:\n    password: \"unclosed-s3cret\n    x: [\n");

    assertThatThrownBy(() -> RegistriesFile.read(file))
        .hasMessageStartingWith(file + ": registries file is not well-formed at line")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void load_bothFiles_berthsFileWinsAndDockerFillsTheGaps() throws IOException {
    Path docker =
        write(
            "config.json",
            """
            {"auths": {
              "r1.example": {"auth": "%s"},
              "r2.example": {"auth": "%s"},
              "r3.example": {"auth": "%s"}
            }}
            """
                .formatted(base64("docker1:p"), base64("docker2:p"), base64("docker3:p")));
    Path berth =
        write(
            "registries.yaml",
            """
            registries:
              r1.example: {username: berth1, password: q}
              r2.example: {tlsVerify: false}
            """);

    RegistryConfig config = RegistryConfig.load(berth, docker);

    assertThat(config.host("r1.example").credentials()).contains(new Credentials("berth1", "q"));
    assertThat(config.host("r2.example").credentials()).contains(new Credentials("docker2", "p"));
    assertThat(config.host("r2.example").tlsVerify()).isFalse();
    assertThat(config.host("https://r3.example/v2/").credentials())
        .contains(new Credentials("docker3", "p"));
    assertThat(config.host("unknown.example")).isEqualTo(HostConfig.of("unknown.example"));
    assertThat(config.toString()).doesNotContain("=p,").doesNotContain("password=q");
  }

  @Test
  void load_missingDockerConfig_isNoError() {
    RegistryConfig config = RegistryConfig.load(null, dir.resolve("absent.json"));

    assertThat(config.hosts()).isEmpty();
  }

  @Test
  void load_missingRegistriesFile_isAnError() {
    Path absent = dir.resolve("absent.yaml");

    assertThatThrownBy(() -> RegistryConfig.load(absent, null))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessage(absent + ": registries file does not exist");
  }

  @Test
  void normaliseHost_dockerHubAliasesAndSchemes_comeDownToTheRegistryName() {
    assertThat(HostConfig.normaliseHost("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(HostConfig.normaliseHost("registry-1.docker.io")).isEqualTo("docker.io");
    assertThat(HostConfig.normaliseHost("http://LocalHost:5000/v2/")).isEqualTo("localhost:5000");
    assertThat(HostConfig.normaliseHost("quay.io")).isEqualTo("quay.io");
  }
}
