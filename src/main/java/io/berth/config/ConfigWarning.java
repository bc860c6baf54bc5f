package io.berth.config;

/**
 * Something in a config that berth accepted but does not do as written, such as a Frontloader
 * kernel section or an XFS volume: never silently dropped, always said.
 *
 * @param source the config's source, as given for messages
 * @param line the line, from 1; 0 when there is no place to point at
 * @param column the column, from 1; 0 with line
 * @param field the field's path, such as {@code volumes[0]}; empty for the whole document
 * @param message what berth does instead
 */
public record ConfigWarning(String source, int line, int column, String field, String message) {
  public ConfigWarning {
    field = field == null ? "" : field;
  }

  @Override
  public String toString() {
    return Located.format(source, line, column, field, message);
  }
}
