package io.berth.kv;

import java.util.List;

/**
 * What a load did.
 *
 * @param written the keys written, in the order written
 * @param keptSecrets secret keys whose value in the text was the {@code "<secret>"} placeholder of
 *     a dump: left as they were
 * @param revision the store's revision after the last write
 */
public record LoadResult(List<ConfigPath> written, List<ConfigPath> keptSecrets, long revision) {
  public LoadResult {
    written = List.copyOf(written);
    keptSecrets = List.copyOf(keptSecrets);
  }
}
