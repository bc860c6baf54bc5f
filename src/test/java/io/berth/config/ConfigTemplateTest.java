package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A config is a template on the environment first, as ContainerPilot's is. */
class ConfigTemplateTest {
  private static ServiceSpec web(String yaml, Map<String, String> env) {
    return ConfigParser.of(Path.of("/var/lib/berth/volumes"))
        .withEnvironment(env)
        .parse(yaml.getBytes(StandardCharsets.UTF_8), "berth.yaml")
        .config()
        .services()
        .get("web");
  }

  @Test
  void variables_defaults_andEnv_areFilledFromTheEnvironment() {
    ServiceSpec web =
        web(
            """
            services:
              web:
                image: "{{ .REGISTRY }}/shop/web:{{ .TAG | default "latest" }}"
                env:
                  LEVEL: '{{ env "LOG_LEVEL" }}'
                  MISSING: '{{ .NOT_SET | default "fallback" }}'
                perms:
                  - /data {{USERMAP_UID}}:{{USERMAP_GID}} 0600 0700
            """,
            Map.of("REGISTRY", "registry.local:5000", "LOG_LEVEL", "debug"));

    assertThat(web.image()).isEqualTo("registry.local:5000/shop/web:latest");
    assertThat(web.container().env())
        .containsEntry("LEVEL", "debug")
        .containsEntry("MISSING", "fallback");
    // ignity's placeholders are left for the perms step
    assertThat(web.lifecycle().perms().getFirst().account())
        .isEqualTo("{{USERMAP_UID}}:{{USERMAP_GID}}");
  }

  @Test
  void aBrokenTemplate_namesFileLineAndColumn() {
    assertThatThrownBy(
            () ->
                web(
                    """
                    services:
                      web:
                        image: "{{ .TAG | nosuchfunction }}"
                    """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("berth.yaml:3:")
        .hasMessageContaining("nosuchfunction");
  }
}
