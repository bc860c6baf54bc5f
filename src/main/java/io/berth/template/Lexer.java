package io.berth.template;

import io.berth.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a template into tokens: text between actions (trimmed where {@code {{- } and {@code -}}} ask
 * for it), and inside each action its identifiers, fields, variables, literals and punctuation.
 * Comments ({@code {{/* ... *}{@code /}}}) leave no token. Works in one pass, with no backtracking.
 */
final class Lexer {
  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";
  private static final String COMMENT_OPEN = "/*";
  private static final String COMMENT_CLOSE = "*/";

  private final String source;
  private final String text;
  private final Lines lines;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private boolean trimNextText;

  private Lexer(String source, String text) {
    this.source = source;
    this.text = text;
    this.lines = new Lines(text);
  }

  static List<Token> tokens(String source, String text) {
    Lexer lexer = new Lexer(source, text);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (pos <= text.length()) {
      int open = text.indexOf(LEFT, pos);
      boolean leftTrim = open >= 0 && hasLeftTrim(open);
      String chunk = text.substring(pos, open < 0 ? text.length() : open);
      int chunkStart = pos;
      if (trimNextText) {
        int before = chunk.length();
        chunk = stripLeading(chunk);
        chunkStart += before - chunk.length();
      }
      if (leftTrim) {
        chunk = stripTrailing(chunk);
      }
      if (!chunk.isEmpty()) {
        add(Kind.TEXT, chunk, null, chunkStart, chunkStart + chunk.length());
      }
      trimNextText = false;
      if (open < 0) {
        break;
      }
      int afterDelim = open + LEFT.length() + (leftTrim ? 2 : 0);
      if (text.startsWith(COMMENT_OPEN, afterDelim)) {
        comment(open, afterDelim);
      } else {
        action(open, leftTrim ? open + LEFT.length() + 1 : open + LEFT.length());
      }
    }
    add(Kind.EOF, "", null, text.length(), text.length());
  }

  /** {@code {{- } trims only with a space after the dash: {@code {{-3}}} prints minus three. */
  private boolean hasLeftTrim(int open) {
    int dash = open + LEFT.length();
    return dash + 1 < text.length() && text.charAt(dash) == '-' && isSpace(text.charAt(dash + 1));
  }

  private int rightTrimAt(int at) {
    if (at < text.length() && isSpace(text.charAt(at)) && text.startsWith("-" + RIGHT, at + 1)) {
      return at + 2 + RIGHT.length();
    }
    return -1;
  }

  private void comment(int open, int start) {
    int close = text.indexOf(COMMENT_CLOSE, start + COMMENT_OPEN.length());
    if (close < 0) {
      throw error(open, "unclosed comment: this \"{{/*\" has no \"*/}}\"");
    }
    int after = close + COMMENT_CLOSE.length();
    if (text.startsWith(RIGHT, after)) {
      pos = after + RIGHT.length();
    } else if (rightTrimAt(after) >= 0) {
      pos = rightTrimAt(after);
      trimNextText = true;
    } else {
      throw error(
          close, "a comment must end with \"*/}}\" (or \"*/ -}}\"), right after the \"*/\"");
    }
  }

  private void action(int open, int start) {
    add(Kind.LEFT_DELIM, LEFT, null, open, start);
    int at = start;
    while (true) {
      if (at >= text.length()) {
        throw error(open, "unclosed action: this \"{{\" has no \"}}\"");
      }
      char c = text.charAt(at);
      if (text.startsWith(RIGHT, at)) {
        add(Kind.RIGHT_DELIM, RIGHT, null, at, at + RIGHT.length());
        pos = at + RIGHT.length();
        return;
      }
      int trimmedEnd = rightTrimAt(at);
      if (trimmedEnd >= 0) {
        add(Kind.RIGHT_DELIM, RIGHT, null, at, trimmedEnd);
        pos = trimmedEnd;
        trimNextText = true;
        return;
      }
      at = token(at, c);
    }
  }

  /** Reads the token at {@code at}, whose first character is {@code c}; returns where it ends. */
  private int token(int at, char c) {
    if (isSpace(c)) {
      return at + 1;
    }
    if (text.startsWith(LEFT, at)) {
      throw error(at, "unexpected \"{{\" inside an action: the action before it is not closed");
    }
    switch (c) {
      case '|' -> {
        return punct(Kind.PIPE, at, 1);
      }
      case '(' -> {
        return punct(Kind.LEFT_PAREN, at, 1);
      }
      case ')' -> {
        return punct(Kind.RIGHT_PAREN, at, 1);
      }
      case ',' -> {
        return punct(Kind.COMMA, at, 1);
      }
      case '=' -> {
        return punct(Kind.ASSIGN, at, 1);
      }
      case ':' -> {
        if (at + 1 < text.length() && text.charAt(at + 1) == '=') {
          return punct(Kind.DECLARE, at, 2);
        }
        throw error(at, "expected \":=\" after \":\"");
      }
      case '"' -> {
        return quoted(at);
      }
      case '`' -> {
        int close = text.indexOf('`', at + 1);
        if (close < 0) {
          throw error(at, "unclosed raw string: this \"`\" has no closing \"`\"");
        }
        add(
            Kind.STRING,
            text.substring(at, close + 1),
            text.substring(at + 1, close),
            at,
            close + 1);
        return close + 1;
      }
      case '\'' -> {
        return character(at);
      }
      case '$' -> {
        int end = word(at + 1);
        add(Kind.VARIABLE, text.substring(at, end), null, at, end);
        return end;
      }
      case '.' -> {
        if (at + 1 < text.length() && isDigit(text.charAt(at + 1))) {
          return number(at);
        }
        int end = word(at + 1);
        if (end == at + 1) {
          add(Kind.DOT, ".", null, at, end);
        } else {
          add(Kind.FIELD, text.substring(at, end), null, at, end);
        }
        return end;
      }
      default -> {
        if (isDigit(c) || ((c == '-' || c == '+') && startsNumber(at + 1))) {
          return number(at);
        }
        if (isWordStart(c)) {
          int end = word(at);
          add(Kind.IDENTIFIER, text.substring(at, end), null, at, end);
          return end;
        }
        throw error(at, "unexpected " + describe(at) + " in an action");
      }
    }
  }

  private boolean startsNumber(int at) {
    if (at >= text.length()) {
      return false;
    }
    char c = text.charAt(at);
    return isDigit(c) || (c == '.' && at + 1 < text.length() && isDigit(text.charAt(at + 1)));
  }

  private int punct(Kind kind, int at, int length) {
    add(kind, text.substring(at, at + length), null, at, at + length);
    return at + length;
  }

  private int word(int at) {
    int end = at;
    while (end < text.length() && isWordPart(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private int number(int at) {
    int end = at;
    if (text.charAt(end) == '-' || text.charAt(end) == '+') {
      end++;
    }
    if (text.startsWith("0x", end) || text.startsWith("0X", end)) {
      end = skip(end + 2, "0123456789abcdefABCDEF_");
    } else {
      end = skip(end, "0123456789_");
      if (end < text.length() && text.charAt(end) == '.') {
        end = skip(end + 1, "0123456789_");
      }
      if (end < text.length() && (text.charAt(end) == 'e' || text.charAt(end) == 'E')) {
        end++;
        if (end < text.length() && (text.charAt(end) == '-' || text.charAt(end) == '+')) {
          end++;
        }
        end = skip(end, "0123456789_");
      }
    }
    boolean junk = false;
    while (end < text.length() && (isWordPart(text.charAt(end)) || text.charAt(end) == '.')) {
      end++;
      junk = true;
    }
    String literal = text.substring(at, end);
    Object value = junk ? null : Numbers.parseLiteral(literal);
    if (value == null) {
      throw error(at, "bad number \"" + literal + "\"");
    }
    add(Kind.NUMBER, literal, value, at, end);
    return end;
  }

  private int skip(int at, String allowed) {
    int end = at;
    while (end < text.length() && allowed.indexOf(text.charAt(end)) >= 0) {
      end++;
    }
    return end;
  }

  private int quoted(int at) {
    StringBuilder value = new StringBuilder();
    int i = at + 1;
    while (true) {
      if (i >= text.length() || text.charAt(i) == '\n') {
        throw error(at, "unclosed string: this '\"' has no closing '\"' on its line");
      }
      char c = text.charAt(i);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        i = escape(i, value);
      } else {
        value.append(c);
        i++;
      }
    }
    add(Kind.STRING, text.substring(at, i + 1), value.toString(), at, i + 1);
    return i + 1;
  }

  private int character(int at) {
    StringBuilder value = new StringBuilder();
    int i = at + 1;
    if (i < text.length() && text.charAt(i) == '\\') {
      i = escape(i, value);
    } else if (i < text.length() && text.charAt(i) != '\'' && text.charAt(i) != '\n') {
      int cp = text.codePointAt(i);
      value.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    if (value.isEmpty() || i >= text.length() || text.charAt(i) != '\'') {
      throw error(at, "bad character constant: expected one character between single quotes");
    }
    long codePoint = value.codePointAt(0);
    add(Kind.CHAR, text.substring(at, i + 1), codePoint, at, i + 1);
    return i + 1;
  }

  /** Appends the escape at {@code at} (a backslash) as Go reads it; returns where it ends. */
  private int escape(int at, StringBuilder out) {
    if (at + 1 >= text.length()) {
      throw error(at, "unfinished escape at the end of the template");
    }
    char c = text.charAt(at + 1);
    switch (c) {
      case 'a' -> out.append('\u0007');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'v' -> out.append('\u000b');
      case '\\', '\'', '"' -> out.append(c);
      case 'x' -> {
        return hexEscape(at, 2, out);
      }
      case 'u' -> {
        return hexEscape(at, 4, out);
      }
      case 'U' -> {
        return hexEscape(at, 8, out);
      }
      default -> {
        if (c >= '0' && c <= '7' && at + 4 <= text.length()) {
          String octal = text.substring(at + 1, at + 4);
          if (octal.chars().allMatch(d -> d >= '0' && d <= '7')) {
            int value = Integer.parseInt(octal, 8);
            if (value <= 0xff) {
              out.append((char) value);
              return at + 4;
            }
          }
        }
        throw error(at, "unknown escape \"\\" + c + "\" in a string");
      }
    }
    return at + 2;
  }

  private int hexEscape(int at, int digits, StringBuilder out) {
    int start = at + 2;
    if (start + digits > text.length()) {
      throw error(at, "a \\" + text.charAt(at + 1) + " escape needs " + digits + " hex digits");
    }
    String hex = text.substring(start, start + digits);
    int value;
    try {
      value = Integer.parseUnsignedInt(hex, 16);
    } catch (NumberFormatException e) {
      throw error(at, "a \\" + text.charAt(at + 1) + " escape needs " + digits + " hex digits");
    }
    if (!Character.isValidCodePoint(value)) {
      throw error(at, "\\" + text.charAt(at + 1) + hex + " is not a Unicode character");
    }
    out.appendCodePoint(value);
    return start + digits;
  }

  private void add(Kind kind, String tokenText, Object value, int start, int end) {
    tokens.add(new Token(kind, tokenText, value, start, end, lines.at(start)));
  }

  private String describe(int at) {
    int cp = text.codePointAt(at);
    return Character.isISOControl(cp)
        ? "control character U+%04X".formatted(cp)
        : "character '" + Character.toString(cp) + "'";
  }

  private TemplateException error(int at, String problem) {
    return new TemplateException(source, lines.at(at), problem);
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailing(String s) {
    int i = s.length();
    while (i > 0 && isSpace(s.charAt(i - 1))) {
      i--;
    }
    return s.substring(0, i);
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return c == '_' || Character.isLetter(c);
  }

  private static boolean isWordPart(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }
}
