package io.berth.spec;

/** Checks on path names given as text, before they reach the file system. */
public final class PathNames {
  private PathNames() {}

  /** True when a component of the slash-separated {@code path} is {@code ..}. */
  public static boolean hasDotDot(String path) {
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        return true;
      }
    }
    return false;
  }
}
