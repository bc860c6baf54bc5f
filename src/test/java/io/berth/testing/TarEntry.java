package io.berth.testing;

/**
 * One entry of a layer tar. The path is written exactly as given, never normalised, so the hostile
 * corpus can write {@code ../x} and {@code /abs}; whiteouts are regular files named {@code .wh.*}
 * as the OCI layer spec says.
 */
public sealed interface TarEntry {

  String path();

  EntryAttributes attributes();

  record RegularFile(String path, Content content, EntryAttributes attributes)
      implements TarEntry {}

  record Directory(String path, EntryAttributes attributes) implements TarEntry {}

  record Symlink(String path, String target, EntryAttributes attributes) implements TarEntry {}

  /** A hard link: {@code target} is the path of an earlier entry, as tar names it. */
  record Hardlink(String path, String target, EntryAttributes attributes) implements TarEntry {}

  record Device(String path, DeviceKind kind, int major, int minor, EntryAttributes attributes)
      implements TarEntry {}

  record Fifo(String path, EntryAttributes attributes) implements TarEntry {}

  /**
   * Any type flag with any link name and content: for entries no well-behaved tool writes (an
   * unknown type, a hard link with content).
   */
  record Raw(
      String path, byte typeFlag, String linkName, Content content, EntryAttributes attributes)
      implements TarEntry {}

  enum DeviceKind {
    CHARACTER,
    BLOCK
  }
}
