package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The environment: Docker's defaults, the image's Env, then the user's, later wins in place. */
class EnvironmentTest {
  @Test
  void env_noneGiven_hasDefaultPathHostnameAndRootsHome() {
    assertThat(SpecFixture.image().build().process().env())
        .containsExactly(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOSTNAME=4f1c2d3e5a6b",
            "HOME=/root");
  }

  @Test
  void env_imageThenUser_laterWinsInTheEarliersPlace() {
    OciSpec spec =
        SpecFixture.image()
            .imageEnv("PATH=/opt/bin:/bin", "A=image", "B=image", "EMPTY=")
            .env("B", "user")
            .env("C", "user")
            .env("A", "user=with=equals")
            .build();

    assertThat(spec.process().env())
        .containsExactly(
            "PATH=/opt/bin:/bin",
            "HOSTNAME=4f1c2d3e5a6b",
            "A=user=with=equals",
            "B=user",
            "EMPTY=",
            "C=user",
            "HOME=/root");
  }

  @Test
  void env_userSetsHomeOrHostname_keepsTheirs() {
    OciSpec spec =
        SpecFixture.image().imageEnv("HOME=/data").env("HOSTNAME", "mine").user("app").build();

    assertThat(spec.process().env())
        .contains("HOME=/data", "HOSTNAME=mine")
        .doesNotContain("HOME=/home/app");
  }

  @Test
  void env_home_comesFromTheUsersPasswdEntry() {
    assertThat(SpecFixture.image().user("app").build().process().env()).contains("HOME=/home/app");
    assertThat(SpecFixture.image().user("4242").build().process().env()).contains("HOME=/");
  }

  @Test
  void env_hostname_isTheGivenOne() {
    SpecFixture fixture = SpecFixture.image();
    fixture.hostname = "web-1";

    OciSpec spec = fixture.build();

    assertThat(spec.hostname()).isEqualTo("web-1");
    assertThat(spec.process().env()).contains("HOSTNAME=web-1");
  }

  @Test
  void env_imageEntryWithoutName_failsNamingTheImage() {
    assertThatThrownBy(() -> SpecFixture.image().imageEnv("=value").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("'=value'")
        .hasMessageContaining("registry.test/team/app:1.0");
    assertThatThrownBy(() -> SpecFixture.image().imageEnv("NOVALUE").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("expected NAME=value");
  }

  @Test
  void env_userNameEmptyOrWithEquals_isRefused() {
    assertThatThrownBy(() -> SpecFixture.image().env("", "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid environment variable name");
    assertThatThrownBy(() -> SpecFixture.image().env("A=B", "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'A=B'");
  }

  @Test
  void env_valueWithNul_isRefused() {
    assertThatThrownBy(() -> SpecFixture.image().env("A", "x\0y").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("NUL");
  }
}
