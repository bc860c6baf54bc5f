package io.berth.image.registry;

import io.berth.image.oci.Descriptor;
import io.berth.image.registry.RegistryException.Reason;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Random;

/** {@link RegistryClient} over {@link java.net.HttpURLConnection}: each method is one operation. */
final class HttpRegistryClient implements RegistryClient {
  private final RegistryConfig config;
  private final HostConnections connections;
  private final RegistryChannel channel;

  HttpRegistryClient(RegistryConfig config) {
    this.config = config;
    InstantSource clock = InstantSource.system();
    // java.util.Random is safe to share between threads; the jitter needs nothing better.
    Retrier retrier = new Retrier(config.retry(), new Random());
    this.connections = new HostConnections(config);
    Authenticator authenticator =
        new Authenticator(new TokenService(connections, retrier, clock), clock);
    this.channel = new RegistryChannel(connections, authenticator, retrier, clock);
  }

  @Override
  public ManifestResponse fetchManifest(ImageRef ref) throws RegistryException {
    return send(new ManifestPuller(ref, config.maxManifestBytes(), config.responseTimeout()));
  }

  @Override
  public Digest headManifest(ImageRef ref) throws RegistryException {
    Optional<Digest> digest = send(new ManifestChecker(ref));
    if (digest.isEmpty()) {
      return fetchManifest(ref).digest();
    }
    if (ref.pinnedDigest().isPresent() && !ref.digest().equals(digest.get())) {
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "%s answered for manifest %s with digest %s"
              .formatted(ref.registry(), ref, digest.get()));
    }
    return digest.get();
  }

  @Override
  public BlobStream openBlob(ImageRef repo, Descriptor blob, long offset) throws RegistryException {
    if (offset < 0 || offset > blob.size()) {
      throw new IllegalArgumentException(
          "offset %d is outside blob %s of %d bytes".formatted(offset, blob.digest(), blob.size()));
    }
    if (offset == blob.size() && offset > 0) {
      // Nothing left to fetch; a registry would answer 416.
      return new BlobStream(blob, offset, offset, new ByteArrayInputStream(new byte[0]));
    }
    return send(new BlobOpener(repo, blob, offset, config.responseTimeout()));
  }

  @Override
  public byte[] fetchBlob(ImageRef repo, Descriptor blob) throws RegistryException {
    if (blob.size() > config.maxSmallBlobBytes()) {
      throw new RegistryException(
          Reason.INVALID_CONTENT,
          "blob %s of %s is %d bytes, more than the %d fetched whole; it must be streamed"
              .formatted(blob.digest(), repo.name(), blob.size(), config.maxSmallBlobBytes()));
    }
    return send(new BlobPuller(repo, blob, config.responseTimeout()));
  }

  private <T> T send(RegistryOperation<T> op) throws RegistryException {
    try {
      return channel.send(op);
    } catch (RegistryException e) {
      throw e;
    } catch (IOException e) {
      // Interrupted, or a failure no operation classified: still a registry failure for callers.
      throw new RegistryException(
          Reason.UNAVAILABLE, 0, "%s failed: %s".formatted(op.describe(), e.getMessage()), e);
    }
  }

  @Override
  public void close() {
    connections.close();
  }

  @Override
  public String toString() {
    return "RegistryClient" + config.hosts().keySet();
  }
}
