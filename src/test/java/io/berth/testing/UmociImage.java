package io.berth.testing;

import io.berth.testing.ExpectedEntry.Absent;
import io.berth.testing.ExpectedEntry.Directory;
import io.berth.testing.ExpectedEntry.Fifo;
import io.berth.testing.ExpectedEntry.File;
import io.berth.testing.ExpectedEntry.SameInode;
import io.berth.testing.ExpectedEntry.Symlink;
import io.berth.testing.TarEntry.DeviceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A three-layer image made the way image tools make them: umoci unpacks the image, the root
 * filesystem is changed with ordinary file operations and commands (chmod, chown, mknod, mkfifo,
 * setfattr), and umoci repack turns the difference into a layer.
 *
 * <p>What umoci 0.4.7 emits, read back from its layers: the first layer starts with a {@code ./}
 * entry for the root; user xattrs are {@code SCHILY.xattr.*} PAX records; device nodes, fifos and
 * symlinks are emitted as such; a second name of an inode is a tar hard link to the first; a file
 * rewritten in place is emitted again together with its other names, as hard links to it (and when
 * the first name was deleted, the survivor comes back as a regular file); a deleted path is a
 * {@code .wh.<name>} whiteout with mode 0 and mtime 0; a directory deleted and made again becomes
 * whiteouts of the children that are gone, never an opaque {@code .wh..wh..opq}. mtimes are the
 * real ones, so two builds differ in digest. {@link FeatureLayers}, written by the Java {@link
 * LayerBuilder}, covers what umoci does not emit: opaque directories, replacing a directory by a
 * file and the reverse in one layer, and a hard link broken by replacing one of its names.
 */
public final class UmociImage {
  public static final String TAG = "umoci";

  private UmociImage() {}

  /** Builds the image into a new layout in {@code workDir}, tagged {@link #TAG}. */
  public static OciLayout build(Path workDir) {
    Tools.require("setfattr", "attr");
    Tools.require("mknod", "coreutils");
    OciLayout layout = Umoci.init(workDir.resolve("layout"), TAG);
    change(
        layout,
        workDir.resolve("bundle-1"),
        "umoci layer 1: files of every kind",
        UmociImage::first);
    change(
        layout,
        workDir.resolve("bundle-2"),
        "umoci layer 2: deletions and replacements",
        UmociImage::second);
    change(
        layout,
        workDir.resolve("bundle-3"),
        "umoci layer 3: metadata and a new symlink",
        UmociImage::third);
    Umoci.config(
        layout, TAG, "--config.cmd=sh", "--config.env=FROM=umoci", "--config.workingdir=/srv");
    return layout;
  }

  private interface RootfsChange {
    void apply(Path rootfs) throws IOException;
  }

  private static void change(OciLayout layout, Path bundle, String history, RootfsChange change) {
    Path rootfs = Umoci.unpack(layout, TAG, bundle);
    try {
      change.apply(rootfs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot change " + rootfs, e);
    }
    Umoci.repack(layout, TAG, bundle, history);
    TempDirectory.deleteRecursively(bundle);
  }

  private static void first(Path root) throws IOException {
    Files.createDirectories(root.resolve("srv/data"));
    Files.writeString(root.resolve("srv/config"), "v1\n");
    Files.createLink(root.resolve("srv/config-link"), root.resolve("srv/config"));
    Files.createSymbolicLink(root.resolve("srv/current"), Path.of("config"));
    Files.writeString(root.resolve("srv/tool"), "#!/bin/sh\n");
    sh(root, "chmod 4755 srv/tool");
    Files.writeString(root.resolve("srv/data/owned"), "owned\n");
    sh(root, "chown -R 1000:1000 srv/data && chmod 0750 srv/data && chmod 0640 srv/data/owned");
    Files.writeString(root.resolve("srv/tagged"), "tagged\n");
    sh(root, "setfattr -n user.origin -v umoci srv/tagged");
    Files.createDirectories(root.resolve("dev"));
    sh(root, "mknod -m 0666 dev/null c 1 3 && mkfifo -m 0600 srv/fifo");
    Files.writeString(root.resolve("srv/obsolete"), "obsolete\n");
    Files.createDirectories(root.resolve("srv/replaced"));
    Files.writeString(root.resolve("srv/replaced/old-a"), "old a\n");
    Files.writeString(root.resolve("srv/replaced/old-b"), "old b\n");
  }

  private static void second(Path root) throws IOException {
    Files.delete(root.resolve("srv/obsolete"));
    TempDirectory.deleteRecursively(root.resolve("srv/replaced"));
    Files.createDirectories(root.resolve("srv/replaced"));
    Files.writeString(root.resolve("srv/replaced/new"), "new\n");
    Files.writeString(root.resolve("srv/config"), "v2\n");
    Files.writeString(root.resolve("srv/data/linked"), "linked\n");
    Files.createLink(root.resolve("srv/data/linked-too"), root.resolve("srv/data/linked"));
  }

  private static void third(Path root) throws IOException {
    sh(root, "chmod 0600 srv/data/owned && setfattr -n user.layer -v three srv/data");
    Files.delete(root.resolve("srv/current"));
    Files.createSymbolicLink(root.resolve("srv/current"), Path.of("/srv/replaced/new"));
  }

  private static void sh(Path root, String script) {
    Command.of("sh", "-ec", script).in(root).run();
  }

  /** What the image's three layers stacked must give. */
  public static ExpectedRootfs expected() {
    return new ExpectedRootfs(
        List.of(
            // writing v2 into the file kept its inode, so the link sees it too: not a tar rewrite
            File.of("srv/config", "v2\n", 0644),
            new SameInode("srv/config-link", "srv/config"),
            new Symlink("srv/current", "/srv/replaced/new"),
            File.of("srv/tool", "#!/bin/sh\n", 04755),
            new Directory("srv/data", 0750, 1000, 1000, Map.of("user.layer", "three")),
            File.of("srv/data/owned", "owned\n", 0600).ownedBy(1000, 1000),
            File.of("srv/tagged", "tagged\n", 0644).withXattrs(Map.of("user.origin", "umoci")),
            new ExpectedEntry.Device("dev/null", DeviceKind.CHARACTER, 1, 3, 0666),
            new Fifo("srv/fifo", 0600),
            new Absent("srv/obsolete"),
            new Absent("srv/replaced/old-a"),
            new Absent("srv/replaced/old-b"),
            File.of("srv/replaced/new", "new\n", 0644),
            File.of("srv/data/linked", "linked\n", 0644),
            new SameInode("srv/data/linked-too", "srv/data/linked")));
  }
}
