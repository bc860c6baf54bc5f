package io.berth.image.oci;

import io.berth.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ChainIDs name a layer together with everything below it (OCI image spec, config.md, "Layer
 * ChainID"): {@code chain(0) = diffID(0)}, {@code chain(n) = sha256(chain(n-1) + " " + diffID(n))}.
 * A snapshot named by its ChainID is the same wherever it appears.
 */
public final class ChainIds {
  private ChainIds() {}

  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> chain = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest diffId : diffIds) {
      previous =
          previous == null
              ? diffId
              : Digest.sha256((previous + " " + diffId).getBytes(StandardCharsets.US_ASCII));
      chain.add(previous);
    }
    return List.copyOf(chain);
  }
}
