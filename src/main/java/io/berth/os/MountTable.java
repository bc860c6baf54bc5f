package io.berth.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What is mounted in this process's mount namespace, from {@code /proc/self/mountinfo}: to find the
 * mounts a crashed agent left under its directories and take them down.
 */
public final class MountTable {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Every mount, in the order the kernel lists them (a mount after the one it sits on). */
  public static List<MountPoint> read() throws IOException {
    return parse(Files.readString(MOUNTINFO, StandardCharsets.UTF_8));
  }

  /**
   * The mounts at {@code directory} or below it, in the order to unmount them: the last mounted
   * first, so that a mount goes before the one it sits on and a stacked mount before the one it
   * hides. The kernel shows paths with symbolic links resolved, so {@code directory} is resolved
   * too when it exists.
   */
  public static List<MountPoint> under(Path directory) throws IOException {
    Path dir = Files.exists(directory) ? directory.toRealPath() : directory;
    return under(read(), dir);
  }

  static List<MountPoint> under(List<MountPoint> mounts, Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    List<MountPoint> found = new ArrayList<>();
    for (MountPoint mount : mounts) {
      if (mount.path().startsWith(dir)) {
        found.add(mount);
      }
    }
    return found.reversed();
  }

  /** Parses the text of a {@code mountinfo} file. */
  public static List<MountPoint> parse(String text) {
    List<MountPoint> mounts = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        mounts.add(parseLine(line));
      }
    }
    return mounts;
  }

  // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
  private static MountPoint parseLine(String line) {
    String[] fields = line.split(" ");
    int separator = Arrays.asList(fields).indexOf("-");
    if (separator < 6 || fields.length < separator + 3) {
      throw new IllegalArgumentException("not a mountinfo line: " + line);
    }
    return new MountPoint(
        Integer.parseInt(fields[0]),
        Integer.parseInt(fields[1]),
        fields[2],
        unescape(fields[3]),
        Path.of(unescape(fields[4])),
        fields[5],
        Arrays.asList(fields).subList(6, separator),
        unescape(fields[separator + 1]),
        unescape(fields[separator + 2]),
        fields.length > separator + 3 ? unescape(fields[separator + 3]) : "");
  }

  /** The kernel writes space, tab, newline and backslash in names as {@code \ooo}. */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\\' && i + 3 < bytes.length && isOctal(bytes, i + 1)) {
        out.write(((bytes[i + 1] - '0') << 6) | ((bytes[i + 2] - '0') << 3) | (bytes[i + 3] - '0'));
        i += 3;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(byte[] bytes, int from) {
    for (int i = from; i < from + 3; i++) {
      if (bytes[i] < '0' || bytes[i] > '7') {
        return false;
      }
    }
    return true;
  }
}
