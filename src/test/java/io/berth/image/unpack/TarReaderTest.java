package io.berth.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.testing.Layer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/**
 * The tar reader on hand-made headers: what a reader must cope with and no well-behaved writer (nor
 * the harness's {@code LayerWriter}) produces, such as star base-256 numbers or a bare PAX record.
 */
class TarReaderTest {
  @Test
  void next_paxTimes_giveSecondsAndNanos() throws IOException {
    assertThat(mtimeOf("1.5")).containsExactly(1L, 500_000_000L);
    assertThat(mtimeOf("1614834367.123456789123")).containsExactly(1614834367L, 123_456_789L);
    assertThat(mtimeOf("-1.25")).containsExactly(-2L, 750_000_000L);
    assertThat(mtimeOf("42")).containsExactly(42L, 0L);
  }

  @Test
  void next_paxTimeWithAnExponent_isRefused() {
    assertThatThrownBy(() -> mtimeOf("1e999999999"))
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining("PAX mtime '1e999999999' is not a time");
  }

  @Test
  void next_base256Numbers_areRead() throws IOException {
    // commons-compress writes star/GNU base-256 for ids that octal cannot hold
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
      var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("big-ids");
      entry.setUserId(50_000_000);
      entry.setGroupId(60_000_000);
      entry.setSize(0);
      out.putArchiveEntry(entry);
      out.closeArchiveEntry();
    }
    TarEntry entry = reader(bytes.toByteArray()).next();
    assertThat(entry.uid()).isEqualTo(50_000_000);
    assertThat(entry.gid()).isEqualTo(60_000_000);
  }

  @Test
  void next_v7DirectoryWithTrailingSlash_isADirectory() throws IOException {
    byte[] block = header("old/", (byte) 0, 0);
    byte[] tar = new byte[block.length + 1024];
    System.arraycopy(block, 0, tar, 0, block.length);

    TarEntry entry = reader(tar).next();

    assertThat(entry.type()).isEqualTo(EntryType.DIRECTORY);
  }

  @Test
  void next_unsupportedEntryType_isRefusedNamingIt() {
    byte[] tar = concat(header("volume", (byte) 'V', 0), new byte[1024]);

    assertThatThrownBy(() -> reader(tar).next())
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining("'volume'")
        .hasMessageContaining("tar entry type 'V'");
  }

  @Test
  void next_gnuSparseFile_isRefused() {
    byte[] tar = withPax("GNU.sparse.size", "1");

    assertThatThrownBy(() -> reader(tar).next())
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining("GNU sparse files are not supported");
  }

  @Test
  void next_streamEndingInsideAHeader_isRefusedAsMalformed() {
    byte[] tar = LayerUnpackerTest.tar(Layer.builder().file("f", "x").build());
    byte[] truncated = java.util.Arrays.copyOf(tar, 700);

    assertThatThrownBy(
            () -> {
              TarReader reader = reader(truncated);
              reader.next();
              reader.next();
            })
        .isInstanceOf(LayerRejectedException.class)
        .hasMessageContaining("ends inside");
  }

  @Test
  void next_headerOnlyTypesClaimingASize_carryNoData() throws IOException {
    byte[] tar = concat(header("dir/", TarConstants.LF_DIR, 4096), header("after", (byte) '0', 0));
    tar = concat(tar, new byte[1024]);
    TarReader reader = reader(tar);

    assertThat(reader.next().name()).isEqualTo("dir/");
    assertThat(reader.next().name()).isEqualTo("after");
  }

  private static long[] mtimeOf(String paxTime) throws IOException {
    TarEntry entry = reader(withPax("mtime", paxTime)).next();
    return new long[] {entry.mtimeSeconds(), entry.mtimeNanos()};
  }

  /** A tar of one empty file "f" preceded by a PAX header with one record. */
  private static byte[] withPax(String key, String value) {
    String record = " " + key + "=" + value + "\n";
    int length = record.length() + 1;
    while (String.valueOf(length).length() + record.length() != length) {
      length++;
    }
    byte[] body = (length + record).getBytes(StandardCharsets.UTF_8);
    return concat(
        concat(header("pax", (byte) 'x', body.length), pad(body)),
        concat(header("f", (byte) '0', 0), new byte[1024]));
  }

  private static TarReader reader(byte[] tar) {
    return new TarReader(new ByteArrayInputStream(tar), 4096);
  }

  /** A ustar header block with a valid checksum. */
  private static byte[] header(String name, byte type, long size) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, n.length);
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0);
    h[156] = type;
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 8, sum);
    return h;
  }

  private static void octal(byte[] h, int at, int length, long value) {
    String s = String.format("%0" + (length - 1) + "o", value);
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, at, length - 1);
    h[at + length - 1] = 0;
  }

  private static byte[] pad(byte[] body) {
    return java.util.Arrays.copyOf(body, (body.length + 511) / 512 * 512);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
