package io.berth.image.content;

import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/** An {@link Ingest} writing {@code ingest/<alg>-<hex>.partial}, renamed into place on commit. */
final class FileIngest implements Ingest {
  private final Descriptor descriptor;
  private final Path partial;
  private final Path target;
  private final DigestLocks.Held lock;
  private final boolean alreadyPresent;
  private final MessageDigest digest;
  private FileChannel channel;
  private long bytesRead;
  private boolean finished;

  FileIngest(Descriptor descriptor, Path partial, Path target, DigestLocks.Held lock)
      throws IOException {
    this.descriptor = descriptor;
    this.partial = partial;
    this.target = target;
    this.lock = lock;
    this.alreadyPresent = Files.isRegularFile(target);
    this.digest =
        descriptor.digest().algorithm().equals("sha256")
            ? io.berth.os.Sha256.newDigest()
            : descriptor.digest().newMessageDigest();
    if (!alreadyPresent && Files.exists(partial) && Files.size(partial) > descriptor.size()) {
      Files.delete(partial); // longer than the blob can be: not worth resuming
    }
  }

  @Override
  public boolean alreadyPresent() {
    return alreadyPresent;
  }

  @Override
  public long resumeOffset() {
    try {
      return alreadyPresent || !Files.exists(partial) ? 0 : Files.size(partial);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public InputStream stream(long remoteOffset, InputStream remote) throws IOException {
    if (alreadyPresent) {
      throw new IllegalStateException("blob " + descriptor.digest() + " is already present");
    }
    if (channel != null) {
      // A new attempt after a broken connection: start counting again from the kept bytes.
      channel.close();
      digest.reset();
      bytesRead = 0;
    }
    long kept = resumeOffset();
    if (remoteOffset != 0 && remoteOffset != kept) {
      throw new IllegalArgumentException(
          "remote stream starts at %d but %d bytes are kept".formatted(remoteOffset, kept));
    }
    channel =
        FileChannel.open(
            partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    if (remoteOffset == 0) {
      channel.truncate(0);
      return new Tee(remote);
    }
    channel.position(kept);
    InputStream keptBytes = new Digesting(Files.newInputStream(partial), kept);
    return new SequenceInputStream(keptBytes, new Tee(remote));
  }

  @Override
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public void commit() throws IOException {
    if (channel == null) {
      throw new IllegalStateException("nothing was streamed for " + descriptor.digest());
    }
    Digest actual = Digest.of(descriptor.digest().algorithm(), digest.digest());
    if (bytesRead != descriptor.size()) {
      discard();
      throw BlobMismatchException.size(descriptor.digest(), descriptor.size(), bytesRead);
    }
    if (!actual.equals(descriptor.digest())) {
      discard();
      throw BlobMismatchException.digest(descriptor.digest(), actual, bytesRead);
    }
    // The blob's one fsync; nothing is flushed earlier, as it comes: an fsync or fdatasync of a
    // file with new blocks commits the filesystem's journal, and every file the layers create
    // meanwhile waits for that commit. An fdatasync every 8 MiB made cold pulls of the bench image
    // ~0.1 s slower (four interleaved runs of 5-10 rounds, -34 to -200 ms without), and a
    // sync_file_range writeback instead of it gained nothing measurable.
    channel.force(true);
    channel.close();
    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("r--r--r--"));
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    FileContentStore.syncDirectory(target.getParent());
    finished = true;
  }

  @Override
  public void discard() throws IOException {
    if (channel != null) {
      channel.close();
    }
    Files.deleteIfExists(partial);
    finished = true;
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
      if (!finished && channel != null && bytesRead > descriptor.size()) {
        Files.deleteIfExists(partial);
      }
    } finally {
      lock.close();
    }
  }

  private void count(byte[] b, int off, int n) throws BlobMismatchException {
    digest.update(b, off, n);
    bytesRead += n;
    if (bytesRead > descriptor.size()) {
      // A registry that sends more than the descriptor says: stop now, not after the flood.
      throw BlobMismatchException.size(descriptor.digest(), descriptor.size(), bytesRead);
    }
  }

  /** Reads the bytes kept from before: digested, not written again. */
  private final class Digesting extends InputStream {
    private final InputStream in;
    private long remaining;

    Digesting(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
        count(b, off, n);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Reads the remote stream: every byte digested and appended to the partial file. */
  private final class Tee extends InputStream {
    private final InputStream in;

    Tee(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(b, off, n);
        ByteBuffer buffer = ByteBuffer.wrap(b, off, n);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
