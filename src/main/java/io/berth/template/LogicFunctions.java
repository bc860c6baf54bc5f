package io.berth.template;

import java.util.List;

/** Truth, comparison and defaults: and or not eq ne lt le gt ge default. */
final class LogicFunctions {
  private static final int ANY = Integer.MAX_VALUE;

  private LogicFunctions() {}

  static List<Function> all() {
    return List.of(
        new Function("and", 1, ANY, true, Function.Kind.AND, call -> null),
        new Function("or", 1, ANY, true, Function.Kind.OR, call -> null),
        new Function(
            "not", 1, 1, true, Function.Kind.ORDINARY, call -> !Values.isTrue(call.arg(0))),
        new Function("default", 1, 2, true, Function.Kind.ORDINARY, LogicFunctions::fallback),
        Function.of("eq", 2, ANY, LogicFunctions::equalsAny),
        Function.of("ne", 2, 2, call -> !Values.equal(call.arg(0), call.arg(1))),
        Function.of("lt", 2, 2, call -> Values.compare(call.arg(0), call.arg(1)) < 0),
        Function.of("le", 2, 2, call -> Values.compare(call.arg(0), call.arg(1)) <= 0),
        Function.of("gt", 2, 2, call -> Values.compare(call.arg(0), call.arg(1)) > 0),
        Function.of("ge", 2, 2, call -> Values.compare(call.arg(0), call.arg(1)) >= 0));
  }

  /** Sprig's {@code default DEFAULT VALUE}: the value unless it is empty, so that it pipes. */
  private static Object fallback(Call call) {
    if (call.args().size() == 1) {
      return call.arg(0);
    }
    Object value = call.arg(1);
    return Values.isTrue(value) ? value : call.arg(0);
  }

  /** Go's {@code eq a b c}: whether {@code a} equals any of the others. */
  private static Object equalsAny(Call call) {
    Object first = call.arg(0);
    for (int i = 1; i < call.args().size(); i++) {
      if (Values.equal(first, call.arg(i))) {
        return true;
      }
    }
    return false;
  }
}
