package io.berth.template;

import java.util.List;

/** One call of a {@link TemplateFunction}: its arguments and the render it is part of. */
public interface FunctionCall {
  /** The name the template called. */
  String name();

  /**
   * The arguments, a piped value last; a missing value ({@code .NOPE} in a lenient render) is
   * {@code null}. The list is unmodifiable and may hold nulls.
   */
  List<Object> args();

  /** The argument at {@code index}, from 0. */
  default Object arg(int index) {
    return args().get(index);
  }

  /**
   * The argument at {@code index} as a string: strings as they are, numbers and booleans as a
   * template prints them, {@code null} as the empty string.
   *
   * @throws TemplateFunctionException for a list, a map or another value that is not text
   */
  String string(int index);

  /**
   * The argument at {@code index} as an integer: an integral number, or a string holding one.
   *
   * @throws TemplateFunctionException for anything else
   */
  long integer(int index);

  /** The value of {@code name} in the environment given to this render, or null. */
  String env(String name);

  /** Reports that this render read {@code key}, as {@code Dependency(name(), key)}. */
  void dependsOn(String key);
}
