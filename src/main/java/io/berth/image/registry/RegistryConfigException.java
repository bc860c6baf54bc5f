package io.berth.image.registry;

import java.nio.file.Path;

/** A registries file or Docker config that berth cannot use; the message names file and field. */
public final class RegistryConfigException extends IllegalArgumentException {
  private final transient Path file;
  private final String field;

  RegistryConfigException(Path file, String field, String problem) {
    this(file, field, problem, null);
  }

  RegistryConfigException(Path file, String field, String problem, Throwable cause) {
    super(file + (field.isEmpty() ? "" : ": " + field) + ": " + problem, cause);
    this.file = file;
    this.field = field;
  }

  public Path file() {
    return file;
  }

  /** The path of the field, such as {@code registries."localhost:5000".caFiles[0]}. */
  public String field() {
    return field;
  }
}
