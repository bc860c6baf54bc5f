package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import io.berth.spec.BerthConfig;
import io.berth.spec.BerthConfig.RegistryEntry;
import io.berth.spec.ContainerSpec;
import io.berth.spec.ContainerSpec.Network;
import io.berth.spec.ImageRef;
import io.berth.spec.MountSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.ServiceSpec.RestartPolicy;
import io.berth.spec.ServiceSpec.UpdatePolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frontloader's primary config, unchanged, becomes one berth service. */
class FrontloaderImportTest {
  private static ParsedConfig parse(String json) {
    return ConfigParserTest.PARSER.parse(json.getBytes(StandardCharsets.UTF_8), "frontloader");
  }

  private static ConfigException error(String json) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
    assertThat(e).isNotNull();
    return e;
  }

  @Test
  void seedExample_withItsCommentsAndTrailingCommas() {
    ParsedConfig parsed =
        ConfigParserTest.PARSER.parse(
            ConfigParserTest.resource("frontloader-seed.json"), "/etc/frontloader.json");
    BerthConfig config = parsed.config();

    assertThat(parsed.dialect()).isEqualTo(ParsedConfig.Dialect.FRONTLOADER);
    assertThat(config.registries())
        .containsExactly(
            entry(
                "docker.io",
                new RegistryEntry("someuser", "very-secret-password", null, null, List.of())));
    assertThat(config.volumes()).isEmpty();
    assertThat(config.services()).containsOnlyKeys("myproject");

    ServiceSpec service = config.services().get("myproject");
    ContainerSpec c = service.container();
    assertThat(c.image()).isEqualTo("docker.io/myorg/myproject:latest");
    assertThat(c.command()).containsExactly("/usr/local/bin/myproject");
    assertThat(c.entrypoint()).isNull();
    assertThat(c.user()).isEqualTo("1000:1000");
    assertThat(c.capAdd()).containsExactly("NET_BIND_SERVICE", "SYS_NICE");
    assertThat(c.capDrop()).isEmpty();
    assertThat(c.mounts())
        .containsExactly(
            MountSpec.bind("/dev/log", "/dev/log", false),
            MountSpec.bind("/myproject", "/myproject", false));
    assertThat(c.env())
        .containsExactly(entry("ENV", "production"), entry("CONFIG", "{\"foo\":\"bar\"}"));
    assertThat(c.writable()).as("Frontloader's root filesystem is read-only").isFalse();
    assertThat(c.network()).isEqualTo(Network.HOST);
    assertThat(service.stop().neverKill()).as("TERM, never KILL").isTrue();
    assertThat(service.stop().signal()).isEqualTo("SIGTERM");
    assertThat(service.restart()).isEqualTo(RestartPolicy.DEFAULT);
    assertThat(service.update()).isEqualTo(UpdatePolicy.DEFAULT);

    assertThat(parsed.warnings())
        .extracting(ConfigWarning::toString)
        .containsExactly(
            "/etc/frontloader.json:10:3: kernel: berth runs on the host's kernel and does not"
                + " install or boot one: this section is ignored",
            "/etc/frontloader.json:18:15: volumes[0]: berth does not mount xfs volumes yet:"
                + " /dev/nvme1n1 is not mounted on /some_xfs_volume, nor grown when the device"
                + " grows, and its owner 1000:1000 is not set; mount it on the host before berth"
                + " starts",
            "/etc/frontloader.json:24:5: volumes[1]: berth does not mount nfs4 volumes yet:"
                + " nfs.example.com:/exports is not mounted on /some_nfs_volume (options"
                + " nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport),"
                + " and its owner 1000:1000 is not set; mount it on the host before berth starts");
    assertThat(config.toString()).doesNotContain("very-secret-password");
  }

  @Test
  void loopbackRegistryOverHttp_isAddedWithoutTls() {
    BerthConfig config =
        parse(
                """
                {"container": {"manifest": "http://127.0.0.1:5000/v2/app/manifests/v1",
                               "command": ["/app", "--port", "80"]}}
                """)
            .config();

    ServiceSpec app = config.services().get("app");
    assertThat(app.container().image()).isEqualTo("127.0.0.1:5000/app:v1");
    assertThat(ImageRef.parse(app.container().image()).registry()).isEqualTo("127.0.0.1:5000");
    assertThat(app.container().command()).containsExactly("/app", "--port", "80");
    assertThat(app.container().user()).isNull();
    assertThat(config.registries())
        .containsExactly(
            entry("127.0.0.1:5000", new RegistryEntry(null, null, null, false, List.of())));
  }

  @Test
  void manifestUrls_normalised() {
    assertThat(image("https://registry.hub.docker.com/v2/nginx/manifests/1.27"))
        .isEqualTo("docker.io/library/nginx:1.27");
    assertThat(image("https://index.docker.io/v2/library/redis/manifests/7"))
        .isEqualTo("docker.io/library/redis:7");
    assertThat(image("https://ghcr.io/v2/org/team/tool/manifests/latest"))
        .isEqualTo("ghcr.io/org/team/tool:latest");
    String digest = "sha256:" + "ab".repeat(32);
    assertThat(image("https://registry.example.com:8443/v2/a/b/manifests/" + digest))
        .isEqualTo("registry.example.com:8443/a/b@" + digest);
  }

  private static String image(String manifest) {
    return parse("{\"container\": {\"manifest\": \"%s\"}}".formatted(manifest))
        .config()
        .services()
        .values()
        .iterator()
        .next()
        .image();
  }

  @Test
  void dockerCredentials_andHttpOnTheSameRegistry_merge() {
    BerthConfig config =
        parse(
                """
                {"docker": {"username": "u", "password": "p4ssword"},
                 "container": {"manifest": "http://registry.hub.docker.com/v2/a/b/manifests/1"}}
                """)
            .config();

    assertThat(config.registries())
        .containsExactly(entry("docker.io", new RegistryEntry("u", "p4ssword", null, false, null)));
  }

  @Test
  void errors_nameThePlaceAndTheFrontloaderField() {
    assertThat(
            error(
                    """
                    {
                      "container": {
                        "manifest": "https://registry.hub.docker.com/v2/a/b/manifests/1",
                        "cmd": "/x"
                      }
                    }
                    """)
                .getMessage())
        .isEqualTo(
            "frontloader:4:5: container.cmd: unknown field; known fields are capabilities,"
                + " command, environment, gid, manifest, mounts, uid");
    assertThat(
            error("{\"container\": {\"manifest\": \"https://user:pw@h.example/x\"}}").getMessage())
        .isEqualTo(
            "frontloader:1:16: container.manifest: expected a manifest URL such as"
                + " https://registry.hub.docker.com/v2/ORG/REPO/manifests/TAG, got"
                + " \"https://…@h.example/x\"");
    assertThat(
            error("{\"docker\": {\"username\": \"u\", \"password\": \"secret-pw\"}}").getMessage())
        .isEqualTo(
            "frontloader:1:1: container: missing; expected the container to run, with its"
                + " manifest URL");
    assertThat(
            error("{\"docker\": {\"username\": \"u\"}, \"container\": {\"manifest\": \"x\"}}")
                .getMessage())
        .isEqualTo("frontloader:1:2: docker.password: missing; expected the Docker Hub password");
    assertThat(
            error(
                    """
                    {"volumes": [{"path": "/v", "device": "/dev/x", "fstype": "ext4"}],
                     "container": {"manifest": "https://h.example/v2/a/manifests/1"}}
                    """)
                .getMessage())
        .isEqualTo("frontloader:1:49: volumes[0].fstype: expected xfs, nfs or nfs4, got \"ext4\"");
    assertThat(
            error(
                    """
                    {"container": {"manifest": "https://h.example/v2/a/manifests/1",
                                   "services": {}}}
                    """)
                .field())
        .isEqualTo("container.services");
  }
}
