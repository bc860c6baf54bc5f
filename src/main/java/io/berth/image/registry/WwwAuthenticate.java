package io.berth.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parser for the challenges of one {@code WWW-Authenticate} header value (RFC 9110, section
 * 11.6.1). One value may hold several challenges separated by commas, and parameter values may be
 * quoted strings that contain commas, {@code =} and escaped quotes, so splitting on commas is
 * wrong. Scheme and parameter names are case-insensitive and returned in lower case.
 */
final class WwwAuthenticate {
  /** One challenge: a scheme and its parameters (a token68 form is kept under "token68"). */
  record Challenge(String scheme, Map<String, String> params) {}

  private final String text;
  private int pos;

  private WwwAuthenticate(String text) {
    this.text = text;
  }

  /** The challenges of {@code value}, in order; what cannot be parsed ends the list. */
  static List<Challenge> parse(String value) {
    return value == null ? List.of() : new WwwAuthenticate(value).challenges();
  }

  private List<Challenge> challenges() {
    List<Challenge> challenges = new ArrayList<>();
    while (true) {
      skipSpaceAndCommas();
      String scheme = token();
      if (scheme.isEmpty()) {
        return challenges; // the end, or something that is not a challenge
      }
      Map<String, String> params = new LinkedHashMap<>();
      skipSpace();
      int afterScheme = pos;
      String token68 = token68();
      if (!token68.isEmpty() && atEndOfElement()) {
        params.put("token68", token68);
      } else {
        pos = afterScheme;
        readParams(params);
      }
      challenges.add(new Challenge(scheme.toLowerCase(Locale.ROOT), Map.copyOf(params)));
    }
  }

  /** Reads {@code name=value} pairs until the next challenge's scheme or the end. */
  private void readParams(Map<String, String> params) {
    while (true) {
      int start = pos;
      skipSpaceAndCommas();
      String name = token();
      skipSpace();
      if (name.isEmpty() || !peek('=')) {
        pos = start; // a new challenge's scheme, or the end
        return;
      }
      pos++;
      skipSpace();
      String value = peek('"') ? quotedString() : token();
      params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      skipSpace();
      if (!peek(',')) {
        return;
      }
    }
  }

  private String quotedString() {
    StringBuilder value = new StringBuilder();
    pos++; // opening quote
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return value.toString();
      }
      if (c == '\\' && pos < text.length()) {
        c = text.charAt(pos++);
      }
      value.append(c);
    }
    return value.toString(); // unterminated: take what there is
  }

  private String token() {
    int start = pos;
    while (pos < text.length() && isTokenChar(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String token68() {
    int start = pos;
    while (pos < text.length() && isToken68Char(text.charAt(pos))) {
      pos++;
    }
    while (pos < text.length() && text.charAt(pos) == '=') {
      pos++;
    }
    return text.substring(start, pos);
  }

  private boolean atEndOfElement() {
    int save = pos;
    skipSpace();
    boolean end = pos >= text.length() || text.charAt(pos) == ',';
    pos = save;
    return end;
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void skipSpace() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void skipSpaceAndCommas() {
    while (pos < text.length()
        && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == ',')) {
      pos++;
    }
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  private static boolean isToken68Char(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~+/".indexOf(c) >= 0;
  }
}
