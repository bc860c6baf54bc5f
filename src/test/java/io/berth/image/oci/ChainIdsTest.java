package io.berth.image.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
  @Test
  void of_layers_followsTheSpecFormula() {
    Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    Digest b = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
    Digest c = Digest.sha256("c".getBytes(StandardCharsets.UTF_8));
    List<Digest> chain = ChainIds.of(List.of(a, b, c));
    Digest ab = Digest.sha256((a + " " + b).getBytes(StandardCharsets.US_ASCII));
    Digest abc = Digest.sha256((ab + " " + c).getBytes(StandardCharsets.US_ASCII));
    assertThat(chain).containsExactly(a, ab, abc);
  }
}
