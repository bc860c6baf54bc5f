package io.berth.template;

/**
 * A template that cannot be parsed or rendered. The message reads {@code source:line:column:
 * problem}, for example {@code nginx.conf.tmpl:3:12: unknown function "uper"; did you mean
 * "upper"?}; line and column are 0 when there is no place to point at (an output limit reached by
 * the whole render, for instance, still names the action that crossed it).
 */
public final class TemplateException extends RuntimeException {
  private final String source;
  private final int line;
  private final int column;
  private final String problem;

  TemplateException(String source, int line, int column, String problem) {
    this(source, line, column, problem, null);
  }

  TemplateException(String source, int line, int column, String problem, Throwable cause) {
    super(format(source, line, column, problem), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  TemplateException(String source, Pos pos, String problem) {
    this(source, pos.line(), pos.column(), problem, null);
  }

  TemplateException(String source, Pos pos, String problem, Throwable cause) {
    this(source, pos.line(), pos.column(), problem, cause);
  }

  private static String format(String source, int line, int column, String problem) {
    StringBuilder out = new StringBuilder(source);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    return out.append(": ").append(problem).toString();
  }

  /** The template's name, as given to {@link TemplateEngine#parse}. */
  public String source() {
    return source;
  }

  /** The line, from 1; 0 when the problem has no place in the text. */
  public int line() {
    return line;
  }

  /** The column, from 1, counted in characters; 0 when the problem has no place in the text. */
  public int column() {
    return column;
  }

  /** What is wrong and what to do about it, without source and place. */
  public String problem() {
    return problem;
  }
}
