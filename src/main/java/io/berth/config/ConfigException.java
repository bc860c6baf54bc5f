package io.berth.config;

/**
 * A configuration berth cannot use. The message reads {@code source:line:column: field: problem},
 * for example {@code berth.yaml:12:7: services.web.restart.maxAttempts: expected a non-negative
 * number, got "five"}; the line and column are left out when there is no place to point at, the
 * field when the problem is the document as a whole. It never quotes a password.
 */
public final class ConfigException extends RuntimeException {
  private final String source;
  private final int line;
  private final int column;
  private final String field;
  private final String problem;

  ConfigException(String source, int line, int column, String field, String problem) {
    this(source, line, column, field, problem, null);
  }

  ConfigException(
      String source, int line, int column, String field, String problem, Throwable cause) {
    super(Located.format(source, line, column, field, problem), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.field = field;
    this.problem = problem;
  }

  /** The file, URL or secret the configuration came from, as given for messages. */
  public String source() {
    return source;
  }

  /** The line, from 1; 0 when the problem has no place in the text. */
  public int line() {
    return line;
  }

  /** The column, from 1; 0 when the problem has no place in the text. */
  public int column() {
    return column;
  }

  /** The field's path, such as {@code services.web.mounts[2]}; empty for the whole document. */
  public String field() {
    return field;
  }

  /** What is wrong and what was expected, without source, place or field. */
  public String problem() {
    return problem;
  }
}
