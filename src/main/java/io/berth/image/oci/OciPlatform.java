package io.berth.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.spec.Platform;
import java.util.List;

/** The platform object of an index entry, as the OCI image index spec writes it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciPlatform(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures,
    @JsonProperty("variant") String variant) {

  /** The platform as berth compares it, or null when the entry names none (an attestation). */
  public Platform toPlatform() {
    if (os == null
        || os.isBlank()
        || architecture == null
        || architecture.isBlank()
        || os.equals("unknown")
        || architecture.equals("unknown")) {
      return null;
    }
    return new Platform(os, architecture, variant);
  }
}
