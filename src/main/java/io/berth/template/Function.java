package io.berth.template;

/**
 * A function a template may call, resolved when the template is parsed.
 *
 * @param minArgs the fewest arguments, counting a piped value
 * @param maxArgs the most arguments, {@link Integer#MAX_VALUE} for any number
 * @param acceptsMissing whether a missing value may be an argument even in strict mode, as {@code
 *     default} needs
 * @param kind {@code and} and {@code or} evaluate their arguments only as far as needed
 */
record Function(
    String name, int minArgs, int maxArgs, boolean acceptsMissing, Kind kind, Body body) {
  enum Kind {
    ORDINARY,
    AND,
    OR
  }

  /** The code of a function, given the call with the render's limits. */
  @FunctionalInterface
  interface Body {
    Object apply(Call call);
  }

  static Function of(String name, int minArgs, int maxArgs, Body body) {
    return new Function(name, minArgs, maxArgs, false, Kind.ORDINARY, body);
  }

  boolean accepts(int count) {
    return count >= minArgs && count <= maxArgs;
  }

  /** {@code takes 2 arguments}, {@code takes 1 or 2 arguments}, {@code takes at least 1}. */
  String arity() {
    if (minArgs == maxArgs) {
      return "takes " + plural(minArgs);
    }
    if (maxArgs == Integer.MAX_VALUE) {
      return "takes at least " + plural(minArgs);
    }
    if (maxArgs == minArgs + 1) {
      return "takes " + minArgs + " or " + plural(maxArgs);
    }
    return "takes " + minArgs + " to " + plural(maxArgs);
  }

  private static String plural(int n) {
    return n + (n == 1 ? " argument" : " arguments");
  }
}
