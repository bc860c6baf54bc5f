package io.berth.template;

/**
 * One piece of a template's text, as the {@link Lexer} cuts it.
 *
 * @param kind what it is
 * @param text the characters it was read from (for {@link Kind#TEXT}, the text after trimming)
 * @param value the literal's value for strings, numbers and characters; null otherwise
 * @param start the offset of its first character
 * @param end the offset after its last character
 * @param pos the line and column of its first character
 */
record Token(Kind kind, String text, Object value, int start, int end, Pos pos) {
  enum Kind {
    TEXT,
    LEFT_DELIM,
    RIGHT_DELIM,
    IDENTIFIER,
    FIELD,
    DOT,
    VARIABLE,
    STRING,
    NUMBER,
    CHAR,
    PIPE,
    LEFT_PAREN,
    RIGHT_PAREN,
    DECLARE,
    ASSIGN,
    COMMA,
    EOF
  }

  /** Whether {@code next} follows this token with no space between, as {@code $x.a} does. */
  boolean touches(Token next) {
    return end == next.start;
  }

  /** How the token reads in a message: {@code "}}"}, {@code "end of template"}. */
  String describe() {
    return switch (kind) {
      case EOF -> "the end of the template";
      case RIGHT_DELIM -> "\"}}\"";
      case LEFT_DELIM -> "\"{{\"";
      case STRING, CHAR -> text;
      default -> "\"" + text + "\"";
    };
  }
}
