package io.berth.image.unpack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an entry name from a tar header into a clean path relative to the layer root: {@code .} and
 * empty components dropped, {@code ..} applied lexically. The result never starts with a slash and
 * never contains {@code .} or {@code ..}; the root itself is the empty string.
 *
 * <p>Lexical cleaning alone is not enough to stay inside the root (a parent could be a symbolic
 * link); {@link DirectoryCursor} refuses those when it walks the path.
 */
final class EntryPath {
  /** Linux's PATH_MAX (counting the terminating NUL) and NAME_MAX. */
  static final int PATH_MAX = 4096;

  static final int NAME_MAX = 255;

  private EntryPath() {}

  /**
   * The cleaned form of {@code name}, which is also what error messages refer to; {@code what} says
   * which field it came from ("name", "hard link target").
   */
  static String clean(String entry, String name, String what) throws LayerRejectedException {
    if (name.indexOf('\0') >= 0) {
      throw new LayerRejectedException(entry, "the %s contains a NUL byte".formatted(what));
    }
    if (utf8Length(name) >= PATH_MAX) {
      throw new LayerRejectedException(
          entry, "the %s is too long: more than PATH_MAX (%d bytes)".formatted(what, PATH_MAX - 1));
    }
    if (name.startsWith("/")) {
      throw new LayerRejectedException(
          entry,
          "the %s is an absolute path; layer paths are relative to the root".formatted(what));
    }
    if (isAlreadyClean(name)) {
      return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new LayerRejectedException(
              entry, "the %s climbs out of the layer root through '..'".formatted(what));
        }
        parts.removeLast();
      } else {
        if (utf8Length(part) > NAME_MAX) {
          throw new LayerRejectedException(
              entry,
              "the %s is too long: a component has more than NAME_MAX (%d bytes)"
                  .formatted(what, NAME_MAX));
        }
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  /**
   * True for the common case, a name with no empty, {@code .} or {@code ..} component and no
   * over-long component, so that cleaning costs no allocation (one trailing slash is allowed).
   */
  private static boolean isAlreadyClean(String name) {
    int length = name.endsWith("/") ? name.length() - 1 : name.length();
    if (length == 0) {
      return false;
    }
    int start = 0;
    while (start <= length) {
      int slash = name.indexOf('/', start);
      int stop = slash < 0 || slash > length ? length : slash;
      int n = stop - start;
      if (n == 0 || n > NAME_MAX / 4 && utf8Length(name.substring(start, stop)) > NAME_MAX) {
        return false;
      }
      if (name.charAt(start) == '.' && (n == 1 || (n == 2 && name.charAt(start + 1) == '.'))) {
        return false;
      }
      start = stop + 1;
    }
    return true;
  }

  /** The parent of a clean path ("" for a top-level name). */
  static String parent(String clean) {
    int slash = clean.lastIndexOf('/');
    return slash < 0 ? "" : clean.substring(0, slash);
  }

  /** The last component of a clean, non-empty path. */
  static String fileName(String clean) {
    return clean.substring(clean.lastIndexOf('/') + 1);
  }

  private static int utf8Length(String s) {
    int ascii = 0;
    while (ascii < s.length() && s.charAt(ascii) < 0x80) {
      ascii++;
    }
    return ascii == s.length() ? ascii : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
