package io.berth.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.os.FileStatus;
import io.berth.os.Xattrs;
import io.berth.testing.Layer;
import io.berth.testing.TempDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unpacked snapshots mounted by the kernel's overlayfs, as the runtime will stack them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OverlayMountTest {
  @Test
  void unpack_whiteoutsAndOpaqueDirectories_hideLowerFilesInAnOverlayMount() throws Exception {
    byte[] lower =
        LayerUnpackerTest.tar(
            Layer.builder()
                .directory("a")
                .file("a/keep", "kept")
                .file("a/gone", "deleted above")
                .directory("a/gone-dir")
                .file("a/gone-dir/inner", "deleted above")
                .directory("b")
                .file("b/hidden1", "hidden by the opaque directory")
                .directory("b/hidden-dir")
                .build());
    byte[] upper =
        LayerUnpackerTest.tar(
            Layer.builder()
                .directory("a")
                .whiteout("a/gone")
                .whiteout("a/gone-dir")
                .directory("b")
                .opaque("b")
                .file("b/new", "from the upper layer")
                .build());
    try (TempDirectory u = TempDirectory.create("berth-overlay-test")) {
      Path lowerDir = u.subdirectory("lower");
      Path upperDir = u.subdirectory("upper");
      LayerUnpackerTest.unpack(lower, Compression.NONE, lowerDir);
      LayerUnpackerTest.unpack(upper, Compression.NONE, upperDir, lowerDir);

      FileStatus whiteout = LayerUnpackerTest.stat(upperDir, "a/gone");
      assertThat(whiteout.isWhiteout()).isTrue();
      assertThat(LayerUnpackerTest.stat(upperDir, "a/gone-dir").isWhiteout()).isTrue();
      assertThat(Xattrs.get(upperDir.resolve("b"), "trusted.overlay.opaque"))
          .hasValueSatisfying(
              v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("y"));
      assertThat(Files.exists(upperDir.resolve("b/.wh..wh..opq"))).isFalse();

      Path merged = u.subdirectory("merged");
      run(
          "mount",
          "-t",
          "overlay",
          "overlay",
          "-o",
          "ro,lowerdir=" + upperDir + ":" + lowerDir,
          merged.toString());
      try {
        assertThat(Files.readString(merged.resolve("a/keep"))).isEqualTo("kept");
        assertThat(Files.exists(merged.resolve("a/gone"))).isFalse();
        assertThat(Files.exists(merged.resolve("a/gone-dir"))).isFalse();
        assertThat(list(merged.resolve("a"))).containsExactly("keep");
        assertThat(list(merged.resolve("b"))).containsExactly("new");
        assertThat(Files.readString(merged.resolve("b/new"))).isEqualTo("from the upper layer");
      } finally {
        run("umount", merged.toString());
      }
    }
  }

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
  }
}
