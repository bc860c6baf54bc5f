package io.berth.testing;

import static io.berth.testing.EntryAttributes.mode;

import io.berth.testing.ExpectedEntry.Absent;
import io.berth.testing.ExpectedEntry.DifferentInode;
import io.berth.testing.ExpectedEntry.Directory;
import io.berth.testing.ExpectedEntry.Fifo;
import io.berth.testing.ExpectedEntry.File;
import io.berth.testing.ExpectedEntry.SameInode;
import io.berth.testing.ExpectedEntry.Symlink;
import io.berth.testing.TarEntry.DeviceKind;
import java.util.List;
import java.util.Map;

/**
 * Three layers that exercise everything an unpacker must get right, and what the stacked result
 * must be. Layer 1 lays out files of every kind, modes with setuid, setgid and sticky bits, owners,
 * user xattrs, a hard link, devices and a fifo; layer 2 deletes with whiteouts, hides a directory
 * with an opaque marker, replaces a directory by a file and a file by a directory, and rewrites a
 * hard-linked file (which breaks the link); layer 3 changes only metadata, turns a file into a
 * symlink and adds names that need PAX records.
 */
public final class FeatureLayers {
  public static final String LONG_NAME = "long/" + "n".repeat(120) + "/" + "f".repeat(150);
  public static final String UNICODE_NAME = "unicode-é-名前.txt";

  private FeatureLayers() {}

  public static List<Layer> layers() {
    return List.of(base(), changes(), metadataChanges());
  }

  private static Layer base() {
    return Layer.builder()
        .directory("etc")
        .file("etc/config", "one\n")
        .hardlink("etc/config-link", "etc/config")
        .symlink("etc/relative", "config")
        .symlink("etc/absolute", "/etc/config")
        .symlink("dangling", "nowhere/at/all")
        .file(
            "etc/xattr",
            Content.of("xattr\n"),
            mode(0644).withXattr("user.berth.test", "1").withXattr("user.comment", "hello world"))
        .directory("bin")
        .file("bin/setuid", Content.of("#!/bin/sh\necho setuid\n"), mode(04755))
        .file("bin/setgid", Content.of("#!/bin/sh\necho setgid\n"), mode(02755))
        .directory("shared", mode(01777))
        .directory("data", mode(0750).withOwner(1000, 1000))
        .file("data/owned", Content.of("owned\n"), mode(0640).withOwner(1000, 1000))
        .file("data/nobody", Content.of("nobody\n"), mode(0600).withOwner(65534, 65534))
        .directory("dev")
        .characterDevice("dev/null", 1, 3, 0666)
        .characterDevice("dev/zero", 1, 5, 0666)
        .blockDevice("dev/loop7", 7, 7, 0660)
        .directory("run")
        .fifo("run/fifo", 0620)
        .directory("opaque")
        .file("opaque/lower-a", "a\n")
        .file("opaque/lower-b", "b\n")
        .directory("opaque/sub")
        .file("opaque/sub/deep", "deep\n")
        .directory("partial")
        .file("partial/keep", "keep\n")
        .file("partial/remove", "remove\n")
        .file("deleted-file", "deleted\n")
        .directory("deleted-dir")
        .file("deleted-dir/inside", "inside\n")
        .directory("dir-becomes-file")
        .file("dir-becomes-file/inside", "inside\n")
        .file("file-becomes-dir", "file\n")
        .file("file-becomes-symlink", "file\n")
        .build();
  }

  private static Layer changes() {
    return Layer.builder()
        .whiteout("deleted-file")
        .whiteout("deleted-dir")
        .directory("partial")
        .whiteout("partial/remove")
        .directory("opaque")
        .opaque("opaque")
        .file("opaque/upper", "upper\n")
        .directory("etc")
        // a new entry replaces the path: the old inode, still linked as config-link, keeps "one"
        .file("etc/config", "two\n")
        .file("dir-becomes-file", "now a file\n")
        .directory("file-becomes-dir")
        .file("file-becomes-dir/inside", "inside\n")
        .directory("data", mode(0750).withOwner(1000, 1000))
        .file("data/linked-a", "linked\n")
        .hardlink("data/linked-b", "data/linked-a")
        .build();
  }

  private static Layer metadataChanges() {
    return Layer.builder()
        .directory("data", mode(0750).withOwner(1000, 1000).withXattr("user.dir", "marked"))
        .file("data/owned", Content.of("owned\n"), mode(0600).withOwner(1000, 1000))
        .symlink("file-becomes-symlink", "etc/config")
        .whiteout("dangling")
        .directory("long")
        .directory(LONG_NAME.substring(0, LONG_NAME.lastIndexOf('/')))
        .file(LONG_NAME, "long\n")
        .file(UNICODE_NAME, "unicode\n")
        .build();
  }

  /** What the three layers stacked must give. */
  public static ExpectedRootfs expected() {
    return new ExpectedRootfs(
        List.of(
            File.of("etc/config", "two\n", 0644),
            File.of("etc/config-link", "one\n", 0644),
            new DifferentInode("etc/config-link", "etc/config"),
            new Symlink("etc/relative", "config"),
            new Symlink("etc/absolute", "/etc/config"),
            new Absent("dangling"),
            File.of("etc/xattr", "xattr\n", 0644)
                .withXattrs(Map.of("user.berth.test", "1", "user.comment", "hello world")),
            File.of("bin/setuid", "#!/bin/sh\necho setuid\n", 04755),
            File.of("bin/setgid", "#!/bin/sh\necho setgid\n", 02755),
            Directory.of("shared", 01777),
            new Directory("data", 0750, 1000, 1000, Map.of("user.dir", "marked")),
            File.of("data/owned", "owned\n", 0600).ownedBy(1000, 1000),
            File.of("data/nobody", "nobody\n", 0600).ownedBy(65534, 65534),
            File.of("data/linked-a", "linked\n", 0644),
            new SameInode("data/linked-b", "data/linked-a"),
            new ExpectedEntry.Device("dev/null", DeviceKind.CHARACTER, 1, 3, 0666),
            new ExpectedEntry.Device("dev/zero", DeviceKind.CHARACTER, 1, 5, 0666),
            new ExpectedEntry.Device("dev/loop7", DeviceKind.BLOCK, 7, 7, 0660),
            new Fifo("run/fifo", 0620),
            File.of("opaque/upper", "upper\n", 0644),
            new Absent("opaque/lower-a"),
            new Absent("opaque/lower-b"),
            new Absent("opaque/sub"),
            new Absent("opaque/.wh..wh..opq"),
            File.of("partial/keep", "keep\n", 0644),
            new Absent("partial/remove"),
            new Absent("partial/.wh.remove"),
            new Absent("deleted-file"),
            new Absent(".wh.deleted-file"),
            new Absent("deleted-dir"),
            File.of("dir-becomes-file", "now a file\n", 0644),
            Directory.of("file-becomes-dir", 0755),
            File.of("file-becomes-dir/inside", "inside\n", 0644),
            new Symlink("file-becomes-symlink", "etc/config"),
            File.of(LONG_NAME, "long\n", 0644),
            File.of(UNICODE_NAME, "unicode\n", 0644)));
  }
}
