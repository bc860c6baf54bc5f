package io.berth.testing;

import io.berth.spec.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an unpacked image must contain, checked against a real directory: paths, kinds, modes,
 * owners, content digests, link targets, device numbers, user xattrs, hard links and absences.
 *
 * <pre>{@code
 * TestImages.featureLayers().expected().assertMatches(snapshotDir);
 * }</pre>
 */
public record ExpectedRootfs(List<ExpectedEntry> entries) {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int DIRECTORY = 0040000;
  private static final int SYMLINK = 0120000;
  private static final int CHARACTER = 0020000;
  private static final int BLOCK = 0060000;
  private static final int FIFO = 0010000;

  public ExpectedRootfs {
    entries = List.copyOf(entries);
  }

  /** Throws an {@link AssertionError} listing every mismatch under {@code root}. */
  public void assertMatches(Path root) {
    List<String> problems = mismatches(root);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "%s does not hold the expected image content:%n  %s"
              .formatted(root, String.join("\n  ", problems)));
    }
  }

  /** Every way {@code root} differs from these expectations; empty when it matches. */
  public List<String> mismatches(Path root) {
    List<String> problems = new ArrayList<>();
    for (ExpectedEntry entry : entries) {
      try {
        check(root, entry, problems);
      } catch (IOException e) {
        problems.add(entry.path() + ": " + e);
      }
    }
    return problems;
  }

  /** These expectations followed by {@code more}; later entries about a path win. */
  public ExpectedRootfs and(ExpectedRootfs more) {
    List<ExpectedEntry> all = new ArrayList<>(entries);
    all.addAll(more.entries);
    return new ExpectedRootfs(all);
  }

  private static void check(Path root, ExpectedEntry entry, List<String> problems)
      throws IOException {
    Path path = root.resolve(entry.path());
    if (entry instanceof ExpectedEntry.Absent) {
      if (Files.exists(path, NOFOLLOW)) {
        problems.add(entry.path() + ": should be absent but exists");
      }
      return;
    }
    if (!Files.exists(path, NOFOLLOW)) {
      problems.add(entry.path() + ": missing");
      return;
    }
    Map<String, Object> unix = Files.readAttributes(path, "unix:*", NOFOLLOW);
    int mode = (Integer) unix.get("mode");
    switch (entry) {
      case ExpectedEntry.File file -> {
        if (kind(problems, file.path(), mode, REGULAR)) {
          metadata(problems, file.path(), mode, file.mode(), unix, file.uid(), file.gid());
          Digest actual = sha256(path);
          if (!actual.equals(file.content())) {
            problems.add(file.path() + ": content " + actual + ", expected " + file.content());
          }
          xattrs(problems, path, file.path(), file.xattrs());
        }
      }
      case ExpectedEntry.Directory dir -> {
        if (kind(problems, dir.path(), mode, DIRECTORY)) {
          metadata(problems, dir.path(), mode, dir.mode(), unix, dir.uid(), dir.gid());
          xattrs(problems, path, dir.path(), dir.xattrs());
        }
      }
      case ExpectedEntry.Symlink link -> {
        if (kind(problems, link.path(), mode, SYMLINK)) {
          String target = Files.readSymbolicLink(path).toString();
          if (!target.equals(link.target())) {
            problems.add(link.path() + ": links to " + target + ", expected " + link.target());
          }
        }
      }
      case ExpectedEntry.Device device -> {
        int type = device.kind() == TarEntry.DeviceKind.CHARACTER ? CHARACTER : BLOCK;
        if (kind(problems, device.path(), mode, type)) {
          long rdev = (Long) unix.get("rdev");
          // the kernel's encoding of dev_t (major and minor are split over high and low bits)
          long major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL);
          long minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffL);
          if (major != device.major() || minor != device.minor()) {
            problems.add(
                "%s: device %d,%d, expected %d,%d"
                    .formatted(device.path(), major, minor, device.major(), device.minor()));
          }
          permissions(problems, device.path(), mode, device.mode());
        }
      }
      case ExpectedEntry.Fifo fifo -> {
        if (kind(problems, fifo.path(), mode, FIFO)) {
          permissions(problems, fifo.path(), mode, fifo.mode());
        }
      }
      case ExpectedEntry.SameInode same -> {
        if (!sameInode(root, same.path(), same.other())) {
          problems.add(same.path() + ": should be a hard link to " + same.other());
        }
      }
      case ExpectedEntry.DifferentInode different -> {
        Path other = root.resolve(different.other());
        if (!Files.exists(other, NOFOLLOW)) {
          problems.add(different.other() + ": missing");
        } else if (sameInode(root, different.path(), different.other())) {
          problems.add(different.path() + ": should no longer be linked to " + different.other());
        }
      }
      case ExpectedEntry.Absent absent -> throw new IllegalStateException("handled above");
    }
  }

  private static boolean kind(List<String> problems, String path, int mode, int expected) {
    if ((mode & TYPE_MASK) != expected) {
      problems.add(
          "%s: is a %s, expected a %s"
              .formatted(path, kindName(mode & TYPE_MASK), kindName(expected)));
      return false;
    }
    return true;
  }

  private static void metadata(
      List<String> problems,
      String path,
      int mode,
      int expectedMode,
      Map<String, Object> unix,
      long uid,
      long gid) {
    permissions(problems, path, mode, expectedMode);
    long actualUid = ((Integer) unix.get("uid")).longValue();
    long actualGid = ((Integer) unix.get("gid")).longValue();
    if (actualUid != uid || actualGid != gid) {
      problems.add(
          "%s: owned by %d:%d, expected %d:%d".formatted(path, actualUid, actualGid, uid, gid));
    }
  }

  private static void permissions(List<String> problems, String path, int mode, int expected) {
    if ((mode & 07777) != expected) {
      problems.add("%s: mode %04o, expected %04o".formatted(path, mode & 07777, expected));
    }
  }

  private static void xattrs(
      List<String> problems, Path file, String path, Map<String, String> expected)
      throws IOException {
    if (expected.isEmpty()) {
      return;
    }
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, NOFOLLOW);
    List<String> present = view.list();
    for (Map.Entry<String, String> xattr : expected.entrySet()) {
      if (!xattr.getKey().startsWith("user.")) {
        throw new IllegalArgumentException("only user.* xattrs can be checked: " + xattr.getKey());
      }
      // the JDK view lists user.* attributes without their namespace
      String name = xattr.getKey().substring("user.".length());
      if (!present.contains(name)) {
        problems.add(path + ": xattr " + xattr.getKey() + " missing");
        continue;
      }
      ByteBuffer value = ByteBuffer.allocate(view.size(name));
      view.read(name, value);
      String actual = new String(value.array(), 0, value.position(), StandardCharsets.UTF_8);
      if (!actual.equals(xattr.getValue())) {
        problems.add(
            "%s: xattr %s is '%s', expected '%s'"
                .formatted(path, xattr.getKey(), actual, xattr.getValue()));
      }
    }
  }

  private static boolean sameInode(Path root, String a, String b) throws IOException {
    Path first = root.resolve(a);
    Path second = root.resolve(b);
    if (!Files.exists(first, NOFOLLOW) || !Files.exists(second, NOFOLLOW)) {
      return false;
    }
    return Files.readAttributes(first, "unix:ino", NOFOLLOW)
            .equals(Files.readAttributes(second, "unix:ino", NOFOLLOW))
        && Files.readAttributes(first, "unix:dev", NOFOLLOW)
            .equals(Files.readAttributes(second, "unix:dev", NOFOLLOW));
  }

  private static Digest sha256(Path file) throws IOException {
    MessageDigest digest = Digest.newMessageDigest("sha256");
    try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return Digest.of("sha256", digest.digest());
  }

  private static String kindName(int type) {
    return switch (type) {
      case REGULAR -> "regular file";
      case DIRECTORY -> "directory";
      case SYMLINK -> "symlink";
      case CHARACTER -> "character device";
      case BLOCK -> "block device";
      case FIFO -> "fifo";
      default -> "file of type %06o".formatted(type);
    };
  }
}
