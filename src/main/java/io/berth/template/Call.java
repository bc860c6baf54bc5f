package io.berth.template;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One call of a function within a render: the arguments, and the render's limits and records. */
final class Call implements FunctionCall {
  private final String name;
  private final List<Object> args;
  private final Renderer renderer;

  Call(String name, Object[] args, Renderer renderer) {
    this.name = name;
    this.args = Collections.unmodifiableList(Arrays.asList(args));
    this.renderer = renderer;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Object> args() {
    return args;
  }

  @Override
  public String string(int index) {
    Object v = args.get(index);
    return switch (v) {
      case null -> "";
      case String s -> s;
      case Number n -> Values.print(n, Integer.MAX_VALUE);
      case Boolean b -> b.toString();
      default ->
          throw new TemplateFunctionException(
              "argument %d must be text, not %s".formatted(index + 1, Values.describe(v)));
    };
  }

  @Override
  public long integer(int index) {
    Object v = args.get(index);
    if (Numbers.isIntegral(v)) {
      return Numbers.toLong(v);
    }
    if (v instanceof String s && Numbers.parseLiteral(s.strip()) instanceof Long n) {
      return n;
    }
    throw new TemplateFunctionException(
        "argument %d must be a whole number, not %s".formatted(index + 1, Values.describe(v)));
  }

  /** The argument at {@code index} as a list. */
  List<?> list(int index) {
    Object v = args.get(index);
    List<?> list = v == null ? List.of() : Values.asList(v);
    if (list == null) {
      throw new TemplateFunctionException(
          "argument %d must be a list, not %s".formatted(index + 1, Values.describe(v)));
    }
    return list;
  }

  @Override
  public String env(String key) {
    return renderer.env(key);
  }

  @Override
  public void dependsOn(String key) {
    renderer.dependsOn(new Dependency(name, key));
  }

  /** The longest text a function may make: the render's output limit. */
  int maxText() {
    return renderer.maxOutput();
  }

  /** Fails unless a text of {@code length} characters is within {@link #maxText()}. */
  void checkLength(long length) {
    if (length > maxText()) {
      throw Values.tooLong(maxText());
    }
  }

  /** Counts {@code steps} of work against the render's budget. */
  void charge(long steps) {
    renderer.charge(steps);
  }

  /** The value as the template would print it, within the limit. */
  String print(Object value) {
    return Values.print(value, maxText());
  }
}
