package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Overlay mounts by both kernel interfaces, checked by reading files through the mount. */
class OverlayTest {
  /** A directory name long enough that 60 of them overflow mount(2)'s one page of options. */
  private static final String LONG_NAME = "snapshot-" + "0123456789abcdef".repeat(12);

  private Path base;
  private Path target;

  @BeforeEach
  void createDirectories() throws Exception {
    base = Files.createTempDirectory("berth-overlay");
    target = Files.createDirectory(base.resolve("mnt"));
  }

  @AfterEach
  void removeDirectories() throws Exception {
    assertThat(MountTable.under(base)).as("mounts left behind").isEmpty();
    FileTrees.delete(base);
  }

  static Stream<Arguments> stacks() {
    List<Arguments> stacks = new ArrayList<>();
    for (Overlay.Method method :
        List.of(Overlay.Method.FILESYSTEM_CONTEXT, Overlay.Method.MOUNT_DATA)) {
      // the options string cannot carry 60 long paths; the new API can
      boolean longPaths = method == Overlay.Method.FILESYSTEM_CONTEXT;
      stacks.add(Arguments.of(method, 1, true, longPaths));
      stacks.add(Arguments.of(method, 2, false, longPaths));
      stacks.add(Arguments.of(method, 2, true, longPaths));
      stacks.add(Arguments.of(method, 60, false, longPaths));
      stacks.add(Arguments.of(method, 60, true, longPaths));
    }
    return stacks.stream();
  }

  @ParameterizedTest(name = "{0}, {1} lower dirs, writable {2}, long paths {3}")
  @MethodSource("stacks")
  void mount_layers_showTheTopmostVersionOfEachFile(
      Overlay.Method method, int layers, boolean writable, boolean longPaths) throws Exception {
    List<Path> lowers = layers(layers, longPaths);
    OverlaySpec spec =
        writable
            ? OverlaySpec.writable(
                lowers,
                Files.createDirectory(base.resolve("upper")),
                Files.createDirectory(base.resolve("work")))
            : OverlaySpec.readOnly(lowers);
    if (longPaths && layers == 60) {
      assertThat(String.join(":", lowers.stream().map(Path::toString).toList()).length())
          .isGreaterThan(Overlay.MAX_MOUNT_DATA);
    }

    Overlay.mount(spec, target, method);
    try {
      assertThat(Files.readString(target.resolve("shared"))).isEqualTo("0");
      for (int i = 0; i < layers; i++) {
        assertThat(Files.readString(target.resolve("layer-" + i))).isEqualTo(Integer.toString(i));
      }
      assertThat(MountTable.under(target))
          .singleElement()
          .satisfies(m -> assertThat(m.fsType()).isEqualTo("overlay"));
      if (writable) {
        Files.writeString(target.resolve("shared"), "changed");
        assertThat(Files.readString(base.resolve("upper/shared"))).isEqualTo("changed");
        assertThat(Files.readString(lowers.getFirst().resolve("shared"))).isEqualTo("0");
      } else {
        assertThatThrownBy(() -> Files.writeString(target.resolve("new"), "x"))
            .isInstanceOf(FileSystemException.class)
            .hasMessageContaining("Read-only file system");
      }
    } finally {
      Mounts.unmount(target, 0);
    }
  }

  @Test
  void mount_oneReadOnlyLayer_isAReadOnlyBindMount() throws Exception {
    OverlaySpec spec = OverlaySpec.readOnly(layers(1, false));

    assertThat(Overlay.mount(spec, target)).isEqualTo(Overlay.Method.READ_ONLY_BIND);
    try {
      assertThat(Files.readString(target.resolve("layer-0"))).isEqualTo("0");
      assertThatThrownBy(() -> Files.writeString(target.resolve("new"), "x"))
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining("Read-only file system");
    } finally {
      Mounts.unmount(target, 0);
    }
  }

  @Test
  void mount_chosenByTheKernel_usesTheFilesystemContextFrom68() throws Exception {
    OverlaySpec spec = OverlaySpec.readOnly(layers(2, true));

    Overlay.Method method = Overlay.mount(spec, target);
    try {
      assertThat(Overlay.canAppendLowerDirs()).isTrue(); // these machines run 6.18
      assertThat(method).isEqualTo(Overlay.Method.FILESYSTEM_CONTEXT);
      assertThat(Files.readString(target.resolve("shared"))).isEqualTo("0");
    } finally {
      Mounts.unmount(target, Mounts.MNT_DETACH);
    }
  }

  @Test
  void mountData_sixtyLongPaths_isRefusedBeforeTheKernelCutsIt() throws Exception {
    OverlaySpec spec = OverlaySpec.readOnly(layers(60, true));

    assertThatThrownBy(() -> Overlay.mount(spec, target, Overlay.Method.MOUNT_DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("the overlay options for 60 layers take \\d+ bytes; .* at most 4095");
  }

  @Test
  void mount_pathsWithSeparators_workOnlyThroughTheFilesystemContext() throws Exception {
    Path a = layer(base.resolve("a:1,x"), 0);
    Path b = layer(base.resolve("b\\2"), 1);
    OverlaySpec spec = OverlaySpec.readOnly(List.of(a, b));

    assertThatThrownBy(() -> Overlay.mountData(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds ',', ':' or '\\'");
    Overlay.mount(spec, target, Overlay.Method.FILESYSTEM_CONTEXT);
    try {
      assertThat(Files.readString(target.resolve("shared"))).isEqualTo("0");
      assertThat(Files.readString(target.resolve("layer-1"))).isEqualTo("1");
    } finally {
      Mounts.unmount(target, 0);
    }
  }

  @Test
  void mount_missingLowerDir_failsWithTheKernelsReason() throws Exception {
    OverlaySpec spec =
        OverlaySpec.readOnly(List.of(layer(base.resolve("a"), 0), base.resolve("missing")));

    assertThatThrownBy(() -> Overlay.mount(spec, target, Overlay.Method.FILESYSTEM_CONTEXT))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
        .hasMessageContaining(base.resolve("missing").toString());
  }

  @Test
  void mount_singleLowerWithoutUpper_isRefusedForOverlayfs() throws Exception {
    OverlaySpec spec = OverlaySpec.readOnly(layers(1, false));

    assertThatThrownBy(() -> Overlay.mount(spec, target, Overlay.Method.FILESYSTEM_CONTEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two lower directories");
  }

  @Test
  void overlaySpec_badValues_areRefused() {
    Path a = Path.of("/a");
    assertThatThrownBy(() -> OverlaySpec.readOnly(List.of()))
        .hasMessageContaining("1 to 500 lower directories");
    assertThatThrownBy(() -> OverlaySpec.readOnly(List.of(Path.of("rel"))))
        .hasMessageContaining("not absolute");
    assertThatThrownBy(() -> new OverlaySpec(List.of(a), a, null, List.of()))
        .hasMessageContaining("needs a work directory");
    assertThatThrownBy(() -> OverlaySpec.readOnly(List.of(a)).withOptions("lowerdir=/x"))
        .hasMessageContaining("not as options");
    assertThatThrownBy(() -> OverlaySpec.readOnly(List.of(a)).withOptions("a,b"))
        .hasMessageContaining("not an overlay option");
  }

  @Test
  void mount_withOptions_passesThemToOverlayfs() throws Exception {
    OverlaySpec spec =
        OverlaySpec.writable(
                layers(2, false),
                Files.createDirectory(base.resolve("upper")),
                Files.createDirectory(base.resolve("work")))
            .withOptions("redirect_dir=on", "volatile");

    for (Overlay.Method method : Overlay.Method.values()) {
      if (method == Overlay.Method.READ_ONLY_BIND) {
        continue;
      }
      Overlay.mount(spec, target, method);
      try {
        assertThat(MountTable.under(target))
            .singleElement()
            .satisfies(
                m -> assertThat(m.superOptions()).contains("redirect_dir=on", "fsync=volatile"));
      } finally {
        Mounts.unmount(target, 0);
      }
      FileTrees.delete(base.resolve("work"));
      Files.createDirectory(base.resolve("work")); // a volatile mount leaves its work dir unusable
    }
  }

  /** {@code count} lower directories, top first: each has layer-N, and all have "shared". */
  private List<Path> layers(int count, boolean longPaths) throws Exception {
    List<Path> layers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = (longPaths ? LONG_NAME + "-" : "l") + i;
      layers.add(layer(base.resolve(name), i));
    }
    return layers;
  }

  private static Path layer(Path dir, int index) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("layer-" + index), Integer.toString(index));
    Files.writeString(dir.resolve("shared"), Integer.toString(index));
    return dir;
  }
}
