package io.berth.image.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.image.oci.Descriptor;
import io.berth.image.oci.MediaTypes;
import io.berth.spec.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path root;

  private static Descriptor describe(byte[] content) {
    return Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(content), content.length);
  }

  private static void drain(InputStream in) throws IOException {
    try (in) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  @Test
  void ingest_matchingContent_isCommittedReadOnly() throws IOException {
    ContentStore store = ContentStore.open(root);
    byte[] content = "layer bytes".getBytes(StandardCharsets.UTF_8);
    Descriptor d = describe(content);
    try (Ingest ingest = store.ingest(d)) {
      drain(ingest.stream(0, new ByteArrayInputStream(content)));
      assertThat(store.contains(d.digest())).as("not visible before commit").isFalse();
      ingest.commit();
    }
    assertThat(store.contains(d.digest())).isTrue();
    assertThat(Files.readAllBytes(store.path(d.digest()))).isEqualTo(content);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path(d.digest()))))
        .isEqualTo("r--r--r--");
    assertThat(store.list()).containsExactly(d.digest());
  }

  @Test
  void commit_wrongContent_isDiscardedAndNamesBothDigests() throws IOException {
    ContentStore store = ContentStore.open(root);
    byte[] content = "expected".getBytes(StandardCharsets.UTF_8);
    byte[] other = "tampered".getBytes(StandardCharsets.UTF_8);
    Descriptor d = describe(content);
    try (Ingest ingest = store.ingest(d)) {
      drain(ingest.stream(0, new ByteArrayInputStream(other)));
      assertThatThrownBy(ingest::commit)
          .isInstanceOf(BlobMismatchException.class)
          .hasMessageContaining(d.digest().toString())
          .hasMessageContaining(Digest.sha256(other).toString());
    }
    assertThat(store.contains(d.digest())).isFalse();
    try (var files = Files.list(root.resolve("ingest"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
    }
  }

  @Test
  void stream_moreBytesThanDescribed_stopsAtOnce() throws IOException {
    ContentStore store = ContentStore.open(root);
    byte[] content = new byte[100];
    Descriptor small = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(content), 10);
    try (Ingest ingest = store.ingest(small)) {
      assertThatThrownBy(() -> drain(ingest.stream(0, new ByteArrayInputStream(content))))
          .isInstanceOf(BlobMismatchException.class)
          .hasMessageContaining("expected 10 bytes");
    }
  }

  @Test
  void ingest_interruptedDownload_resumesFromTheKeptBytes() throws IOException {
    ContentStore store = ContentStore.open(root);
    byte[] content = new byte[100_000];
    Arrays.fill(content, (byte) 7);
    content[99_999] = 1;
    Descriptor d = describe(content);
    try (Ingest ingest = store.ingest(d)) {
      InputStream broken = new FailingAfter(new ByteArrayInputStream(content), 40_000);
      assertThatThrownBy(() -> drain(ingest.stream(0, broken)))
          .hasMessageContaining("connection reset");
    }
    try (Ingest ingest = store.ingest(d)) {
      assertThat(ingest.resumeOffset()).isEqualTo(40_000);
      InputStream rest = new ByteArrayInputStream(content, 40_000, content.length - 40_000);
      InputStream whole = ingest.stream(40_000, rest);
      assertThat(whole.readAllBytes()).isEqualTo(content);
      ingest.commit();
    }
    assertThat(Files.readAllBytes(store.path(d.digest()))).isEqualTo(content);
  }

  @Test
  void ingest_registryIgnoresRange_restartsFromZero() throws IOException {
    ContentStore store = ContentStore.open(root);
    byte[] content = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    Descriptor d = describe(content);
    try (Ingest ingest = store.ingest(d)) {
      assertThatThrownBy(
              () ->
                  drain(
                      ingest.stream(0, new FailingAfter(new ByteArrayInputStream(content), 3000))))
          .isInstanceOf(IOException.class);
    }
    try (Ingest ingest = store.ingest(d)) {
      drain(ingest.stream(0, new ByteArrayInputStream(content)));
      ingest.commit();
    }
    assertThat(Files.readAllBytes(store.path(d.digest()))).isEqualTo(content);
  }

  @Test
  void ingest_sameBlobTwiceAtOnce_writesItOnce() throws Exception {
    ContentStore store = ContentStore.open(root);
    byte[] content = new byte[1 << 20];
    new java.util.Random(1).nextBytes(content);
    Descriptor d = describe(content);
    CountDownLatch firstHoldsTheLock = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> first =
          pool.submit(
              () -> {
                try (Ingest ingest = store.ingest(d)) {
                  firstHoldsTheLock.countDown();
                  assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                  drain(ingest.stream(0, new ByteArrayInputStream(content)));
                  ingest.commit();
                  return ingest.alreadyPresent();
                }
              });
      assertThat(firstHoldsTheLock.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Boolean> second =
          pool.submit(
              () -> {
                try (Ingest ingest = store.ingest(d)) {
                  return ingest.alreadyPresent();
                }
              });
      Thread.sleep(100);
      assertThat(second.isDone()).as("the second writer waits for the first").isFalse();
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(second.get(10, TimeUnit.SECONDS)).as("the second sees the blob present").isTrue();
    }
  }

  @Test
  void put_wrongBytes_isRefused() throws IOException {
    ContentStore store = ContentStore.open(root);
    Descriptor d = describe("{}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.put(d, "{ }".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(BlobMismatchException.class);
    assertThat(store.contains(d.digest())).isFalse();
  }

  @Test
  void removeAbandonedIngests_leftPartial_isDeleted() throws IOException {
    ContentStore store = ContentStore.open(root);
    byte[] content = new byte[5000];
    Descriptor d = describe(content);
    try (Ingest ingest = store.ingest(d)) {
      assertThatThrownBy(
              () ->
                  drain(
                      ingest.stream(0, new FailingAfter(new ByteArrayInputStream(content), 2000))))
          .isInstanceOf(IOException.class);
    }
    assertThat(store.removeAbandonedIngests()).isEqualTo(2000);
    try (Ingest ingest = store.ingest(d)) {
      assertThat(ingest.resumeOffset()).isZero();
    }
  }

  @Test
  void read_largerThanAllowed_isRefused() throws IOException {
    ContentStore store = ContentStore.open(root);
    byte[] content = new byte[2048];
    Descriptor d = describe(content);
    store.put(d, content);
    assertThatThrownBy(() -> store.read(d.digest(), 1024))
        .hasMessageContaining("more than the 1024");
    assertThat(store.read(d.digest(), 4096)).hasSize(2048);
  }

  /** A stream that breaks after {@code limit} bytes, as a dropped connection does. */
  private static final class FailingAfter extends InputStream {
    private final InputStream in;
    private long left;

    FailingAfter(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException("connection reset");
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      left -= Math.max(0, n);
      return n;
    }
  }
}
