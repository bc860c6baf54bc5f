package io.berth.api.client;

import java.nio.charset.StandardCharsets;

/**
 * A request target: a path whose {@code {}} holes are filled with percent-encoded segments, then
 * query parameters. A name is always one segment, so {@code host:5000/app:v2} travels as {@code
 * host:5000%2Fapp:v2}.
 */
final class Target {
  private final StringBuilder text = new StringBuilder();
  private boolean hasQuery;

  private Target() {}

  static Target of(String pattern, String... segments) {
    Target target = new Target();
    int next = 0;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.startsWith("{}", i)) {
        target.text.append(encode(segments[next++], ":@"));
        i++;
      } else {
        target.text.append(pattern.charAt(i));
      }
    }
    if (next != segments.length) {
      throw new IllegalArgumentException("the pattern has no hole for every segment: " + pattern);
    }
    return target;
  }

  /**
   * {@code base} followed by {@code path}, each of its segments percent-encoded on its own and the
   * slashes between them kept: {@code /v1/kv} and {@code /org/app/} make {@code /v1/kv/org/app/}.
   */
  static Target ofPath(String base, String path) {
    Target target = new Target();
    target.text.append(base);
    String rest = path.startsWith("/") ? path.substring(1) : path;
    String[] segments = rest.split("/", -1);
    for (String segment : segments) {
      target.text.append('/').append(encode(segment, ":@"));
    }
    return target;
  }

  /** Adds {@code name=value}; nothing when {@code value} is null, so the server's default holds. */
  Target query(String name, Object value) {
    if (value == null) {
      return this;
    }
    text.append(hasQuery ? '&' : '?').append(name).append('=').append(encode(value.toString(), ""));
    hasQuery = true;
    return this;
  }

  /** Adds {@code name=true} when {@code flag} is set; nothing otherwise. */
  Target flag(String name, boolean flag) {
    return flag ? query(name, "true") : this;
  }

  @Override
  public String toString() {
    return text.toString();
  }

  // RFC 3986 unreserved characters stay as they are, and so do the extra ones allowed.
  private static String encode(String value, String alsoAllowed) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || alsoAllowed.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
