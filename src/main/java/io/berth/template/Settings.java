package io.berth.template;

/**
 * How an engine parses and renders.
 *
 * @param strict whether a missing value is an error where it is printed or passed on
 * @param maxOutput the most characters a render may write, and the longest text a function may make
 * @param maxDepth how deeply control structures and parentheses may nest
 * @param maxSteps how many steps of work a render may do: actions, iterations, function calls, one
 *     for each 1024 characters a function is given or makes, and one for each 16 characters a
 *     regular expression examines
 */
record Settings(boolean strict, int maxOutput, int maxDepth, long maxSteps) {
  static final Settings DEFAULT = new Settings(false, 1 << 20, 100, 1_000_000);

  Settings {
    if (maxOutput < 1 || maxDepth < 1 || maxSteps < 1) {
      throw new IllegalArgumentException("template limits must be positive");
    }
  }
}
