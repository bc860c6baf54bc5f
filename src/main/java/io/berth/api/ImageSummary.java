package io.berth.api;

import java.time.Instant;
import java.util.List;

/**
 * One image, as {@code berth images} lists it.
 *
 * @param id the config digest (Docker's image id)
 * @param digest the repository digest (the index's when pulled through one)
 * @param manifestDigest the platform manifest digest
 * @param references tags and name@digest references pointing at it
 * @param size compressed size of its layers and config
 * @param created when the image was built, from its config; null when it does not say
 */
public record ImageSummary(
    String id,
    String digest,
    String manifestDigest,
    List<String> references,
    String platform,
    long size,
    Instant created,
    Instant pulled) {
  public ImageSummary {
    references = references == null ? List.of() : List.copyOf(references);
  }
}
