package io.berth.spec;

/**
 * A service's access to the configuration store ({@code kvAccess:}): when its container starts, the
 * agent gives it a read token limited to {@code prefix} and the store's URL in {@code
 * BERTH_KV_TOKEN} and {@code BERTH_KV_URL}.
 *
 * @param prefix the directory the token may read, such as {@code /org/myorg/app/} (a trailing
 *     {@code /} is added)
 * @param secrets whether the token may reveal the secrets under it ({@code ?reveal})
 */
public record KvAccess(String prefix, boolean secrets) {
  public KvAccess {
    prefix = prefix(prefix);
  }

  /**
   * {@code text} as a directory of the store: absolute, ending with {@code /}, with no empty,
   * {@code .} or {@code ..} segment; throws naming what is wrong.
   */
  public static String prefix(String text) {
    if (text == null || !text.startsWith("/")) {
      throw new IllegalArgumentException(
          "a kv prefix is a directory of the store such as /org/myorg/app/, not '%s'"
              .formatted(text));
    }
    String directory = text.endsWith("/") ? text : text + "/";
    if (directory.equals("/")) {
      return directory;
    }
    for (String segment : directory.substring(1, directory.length() - 1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "a kv prefix has no empty, '.' or '..' segment: '%s'".formatted(text));
      }
    }
    for (int i = 0; i < directory.length(); i++) {
      char c = directory.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "a kv prefix holds a control character: '%s'".formatted(text));
      }
    }
    return directory;
  }
}
