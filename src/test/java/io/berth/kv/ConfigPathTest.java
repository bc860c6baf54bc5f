package io.berth.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigPathTest {
  @Test
  void key_and_directory_areToldByTheTrailingSlash() {
    ConfigPath key = ConfigPath.of("/org/myorg/app/db/password");
    assertThat(key.isDirectory()).isFalse();
    assertThat(key.name()).isEqualTo("password");
    assertThat(key.parent()).isEqualTo(ConfigPath.of("/org/myorg/app/db/"));
    assertThat(key.segments()).containsExactly("org", "myorg", "app", "db", "password");
    assertThat(key.relativeTo(ConfigPath.of("/org/myorg/"))).isEqualTo("app/db/password");
    assertThat(ConfigPath.of("/org/").isDirectory()).isTrue();
    assertThat(ConfigPath.of("/org/").parent()).isEqualTo(ConfigPath.ROOT);
    assertThat(ConfigPath.directory("/org/app")).isEqualTo(ConfigPath.of("/org/app/"));
    assertThat(ConfigPath.ROOT.segments()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "org/app|it must be absolute",
        "/org//app|an empty segment",
        "/org/./app|a '.' segment",
        "/org/../etc/passwd|a '..' segment",
        "/..|a '..' segment",
        "/org/app/..|a '..' segment",
      })
  void invalid_isRefusedNamingTheKeyAndWhy(String text, String why) {
    assertThatThrownBy(() -> ConfigPath.of(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid config path '" + text + "'")
        .hasMessageContaining(why);
  }

  @Test
  void controlCharacters_nullAndDirectoriesAsKeys_areRefused() {
    assertThatThrownBy(() -> ConfigPath.of("/a\nb"))
        .hasMessageContaining("control character (U+000A)");
    assertThatThrownBy(() -> ConfigPath.of(null)).hasMessageContaining("not null");
    assertThatThrownBy(() -> ConfigPath.key("/org/app/"))
        .hasMessageContaining("invalid config path '/org/app/'")
        .hasMessageContaining("directory");
  }
}
