package io.berth.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  @Test
  void sha256_ofBytes_matchesTheKnownValue() {
    assertThat(Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII)).toString())
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void parse_uppercaseHex_isRefused() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64)))
        .hasMessageContaining("64 lowercase hex");
  }

  @Test
  void parse_noColon_explainsTheForm() {
    assertThatThrownBy(() -> Digest.parse("abc")).hasMessageContaining("expected algorithm:hex");
  }

  @Test
  void parse_sha512_isAccepted() {
    assertThat(Digest.parse("sha512:" + "0".repeat(128)).algorithm()).isEqualTo("sha512");
  }
}
