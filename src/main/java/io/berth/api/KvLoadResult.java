package io.berth.api;

import java.util.List;

/**
 * What a load of a {@code dconf dump} text did.
 *
 * @param written the keys written, in order
 * @param keptSecrets secret keys whose value in the text was {@code "<secret>"}: left as they were
 * @param revision the store's revision after the last write
 */
public record KvLoadResult(List<String> written, List<String> keptSecrets, long revision) {
  public KvLoadResult {
    written = written == null ? List.of() : List.copyOf(written);
    keptSecrets = keptSecrets == null ? List.of() : List.copyOf(keptSecrets);
  }
}
