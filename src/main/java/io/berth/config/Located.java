package io.berth.config;

/** The one way berth writes a place in a config: {@code source:line:column: field: text}. */
final class Located {
  private Located() {}

  static String format(String source, int line, int column, String field, String text) {
    StringBuilder out = new StringBuilder(source == null ? "config" : source);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (field != null && !field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(text).toString();
  }
}
