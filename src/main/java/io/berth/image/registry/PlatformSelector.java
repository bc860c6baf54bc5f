package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageIndex;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.ImageRef;
import io.berth.spec.Platform;
import java.util.List;

/** Picks the manifest for a platform out of an index, or says which platforms there are. */
public final class PlatformSelector {
  private PlatformSelector() {}

  /** The entry of {@code index} for the platform berth runs on. */
  public static Descriptor select(ImageRef ref, ImageIndex index) throws RegistryException {
    return select(ref, index, Platform.host());
  }

  /**
   * The first entry of {@code index} built for {@code platform}.
   *
   * @throws RegistryException with reason {@link Reason#NO_MATCHING_PLATFORM} and a message that
   *     lists the platforms the index offers
   */
  public static Descriptor select(ImageRef ref, ImageIndex index, Platform platform)
      throws RegistryException {
    return index
        .select(platform)
        .orElseThrow(
            () -> {
              List<String> offered = index.platforms();
              return new RegistryException(
                  Reason.NO_MATCHING_PLATFORM,
                  "%s has no image for %s; it offers %s"
                      .formatted(
                          ref,
                          platform,
                          offered.isEmpty() ? "no platform at all" : String.join(", ", offered)));
            });
  }
}
