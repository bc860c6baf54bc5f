package io.berth.supervise;

import io.berth.image.Image;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Where services get their images: the agent's image store and registries. Kept behind this
 * interface so the supervisor needs no registry client of its own.
 */
public interface ImageSource {

  /**
   * The digest the registry has for {@code ref}'s tag now (a HEAD request): the index's digest for
   * a multi-platform image.
   */
  Digest resolve(ImageRef ref) throws IOException;

  /** Pulls {@code ref} (only the missing layers) and returns the image it names now. */
  Image pull(ImageRef ref) throws IOException;

  /** The image on this host whose repository digest is {@code digest}, if any. */
  Optional<Image> local(ImageRef ref, Digest digest) throws IOException;

  /**
   * Removes images of {@code ref}'s repository whose digests are not in {@code keep}, unless a
   * container still uses them: after an upgrade, the new and the previous version stay.
   */
  void retain(ImageRef ref, Set<Digest> keep) throws IOException;
}
