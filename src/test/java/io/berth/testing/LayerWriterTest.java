package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.spec.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class LayerWriterTest {
  @TempDir Path dir;

  private static final Layer EVERY_KIND =
      Layer.builder()
          .directory("etc", EntryAttributes.mode(0750).withOwner(1000, 1001))
          .file(
              "etc/tool",
              Content.of("#!/bin/sh\n"),
              EntryAttributes.mode(04755).withXattr("user.foo", "bar"))
          .symlink("etc/link", "tool")
          .hardlink("etc/hard", "etc/tool")
          .characterDevice("dev/null", 1, 3, 0666)
          .blockDevice("dev/loop0", 7, 0, 0660)
          .fifo("run/pipe", 0600)
          .whiteout("etc/old")
          .opaque("var")
          .file("../escape", "x\n")
          .file("/absolute", "y\n")
          .build();

  @Test
  void write_everyKind_readsBackWithTypesModesOwnersLinksAndXattrs() throws IOException {
    LayerBlob blob = LayerWriter.write(EVERY_KIND, Compression.NONE, dir.resolve("layer.tar"));

    List<TarArchiveEntry> entries = read(Files.newInputStream(blob.file()));

    assertThat(entries)
        .extracting(TarArchiveEntry::getName)
        .containsExactly(
            "etc/",
            "etc/tool",
            "etc/link",
            "etc/hard",
            "dev/null",
            "dev/loop0",
            "run/pipe",
            "etc/.wh.old",
            "var/.wh..wh..opq",
            "../escape",
            "/absolute");
    TarArchiveEntry etc = entries.get(0);
    assertThat(etc.isDirectory()).isTrue();
    assertThat(etc.getMode() & 07777).isEqualTo(0750);
    assertThat(etc.getLongUserId()).isEqualTo(1000);
    assertThat(etc.getLongGroupId()).isEqualTo(1001);
    TarArchiveEntry tool = entries.get(1);
    assertThat(tool.getMode() & 07777).isEqualTo(04755);
    assertThat(tool.getExtraPaxHeaders()).containsEntry("SCHILY.xattr.user.foo", "bar");
    assertThat(tool.getModTime().toInstant()).isEqualTo(EntryAttributes.FIXED_MTIME);
    assertThat(tool.getUserName()).isEmpty();
    assertThat(entries.get(2).isSymbolicLink()).isTrue();
    assertThat(entries.get(2).getLinkName()).isEqualTo("tool");
    assertThat(entries.get(3).isLink()).isTrue();
    assertThat(entries.get(3).getLinkName()).isEqualTo("etc/tool");
    assertThat(entries.get(4).isCharacterDevice()).isTrue();
    assertThat(entries.get(4).getDevMajor()).isEqualTo(1);
    assertThat(entries.get(4).getDevMinor()).isEqualTo(3);
    assertThat(entries.get(5).isBlockDevice()).isTrue();
    assertThat(entries.get(6).isFIFO()).isTrue();
    assertThat(blob.digest()).isEqualTo(blob.diffId());
  }

  @Test
  void write_rawEntry_keepsItsTypeFlagLinkNameAndContent() throws IOException {
    Layer layer =
        Layer.builder()
            .add(
                new TarEntry.Raw(
                    "odd", (byte) '1', "../target", Content.of("data"), EntryAttributes.mode(0600)))
            .build();

    byte[] tar;
    try (var out = new ByteArrayOutputStream()) {
      LayerWriter.writeTar(layer, out);
      tar = out.toByteArray();
    }
    List<TarArchiveEntry> entries = read(new ByteArrayInputStream(tar));

    assertThat(entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.isLink()).isTrue();
              assertThat(e.getLinkName()).isEqualTo("../target");
              assertThat(e.getSize()).isEqualTo(4);
            });
  }

  @Test
  void write_longNames_usesPaxPathRecords() throws IOException {
    String longPath = "d/" + "n".repeat(300);
    String longTarget = "t".repeat(200);
    Layer layer = Layer.builder().file(longPath, "x").symlink("l", longTarget).build();

    List<TarArchiveEntry> entries =
        read(
            Files.newInputStream(
                LayerWriter.write(layer, Compression.NONE, dir.resolve("l")).file()));

    assertThat(entries.get(0).getName()).isEqualTo(longPath);
    assertThat(entries.get(1).getLinkName()).isEqualTo(longTarget);
  }

  @Test
  void write_gzip_diffIdIsTheDigestOfTheUncompressedTar() throws IOException {
    LayerBlob blob = LayerWriter.write(EVERY_KIND, Compression.GZIP, dir.resolve("layer.tgz"));

    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(blob.file()))) {
      tar = in.readAllBytes();
    }

    assertThat(blob.diffId()).isEqualTo(Digest.sha256(tar));
    assertThat(blob.digest()).isEqualTo(Digest.sha256(Files.readAllBytes(blob.file())));
    assertThat(blob.size()).isEqualTo(Files.size(blob.file()));
    assertThat(blob.descriptor().mediaType())
        .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void write_sameLayerTwice_sameDigest(Compression compression) {
    LayerBlob first = LayerWriter.write(EVERY_KIND, compression, dir.resolve("a"));
    LayerBlob second = LayerWriter.write(EVERY_KIND, compression, dir.resolve("b"));

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.diffId()).isEqualTo(first.diffId());
  }

  @Test
  void write_zstd_gnuTarAndZstdReadIt() {
    Tools.require("zstd", "zstd");
    LayerBlob blob = LayerWriter.write(EVERY_KIND, Compression.ZSTD, dir.resolve("layer.tar.zst"));

    String listing = Command.of("sh", "-c", "zstd -dc '" + blob.file() + "' | tar -tvf -").run();

    assertThat(listing).contains("etc/tool").contains("dev/null").contains("run/pipe");
  }

  @Test
  void write_zerosContent_streamsWithoutHoldingItInMemory() throws IOException {
    long size = 64L << 20;
    Layer layer =
        Layer.builder().file("zeros", new Content.Zeros(size), EntryAttributes.mode(0644)).build();

    LayerBlob blob = LayerWriter.write(layer, Compression.GZIP, dir.resolve("zeros.tgz"));

    assertThat(blob.size()).isLessThan(size / 500);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(blob.file()))) {
      assertThat(read(in)).singleElement().satisfies(e -> assertThat(e.getSize()).isEqualTo(size));
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void toBytes_anyCompression_isTheBlobWriteWrites(Compression compression) throws IOException {
    LayerBlob blob = LayerWriter.write(EVERY_KIND, compression, dir.resolve("layer"));

    byte[] bytes = LayerWriter.toBytes(EVERY_KIND, compression);

    assertThat(bytes).isEqualTo(Files.readAllBytes(blob.file()));
  }

  @Test
  void write_mtimeWithNanosAndPaxRecords_keepsThemInTheExtendedHeader() throws IOException {
    Instant mtime = Instant.parse("2021-03-04T05:06:07.1234567Z");
    Layer layer =
        Layer.builder()
            .file(
                "f",
                Content.of("x"),
                EntryAttributes.mode(0644)
                    .withMtime(mtime)
                    .withXattr("user.a", "1")
                    .withPaxRecord("comment", "hello"))
            .build();

    TarArchiveEntry entry =
        read(new ByteArrayInputStream(LayerWriter.toBytes(layer, Compression.NONE))).getFirst();

    assertThat(entry.getLastModifiedTime().toInstant()).isEqualTo(mtime);
    assertThat(entry.getExtraPaxHeaders())
        .containsEntry("comment", "hello")
        .containsEntry("SCHILY.xattr.user.a", "1");
  }

  private static List<TarArchiveEntry> read(InputStream in) throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        entries.add(entry);
        tar.transferTo(new ByteArrayOutputStream());
      }
    }
    return entries;
  }
}
