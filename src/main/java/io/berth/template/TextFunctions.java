package io.berth.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Functions on text, their arguments in the pipe-friendly order of ContainerPilot and Sprig (the
 * text last): printf print println split join replace replaceAll regexReplaceAll trim upper lower
 * contains hasPrefix hasSuffix.
 */
final class TextFunctions {
  private static final int ANY = Integer.MAX_VALUE;

  private TextFunctions() {}

  static List<Function> all() {
    return List.of(
        Function.of(
            "printf",
            1,
            ANY,
            call ->
                GoPrintf.format(
                    call.string(0), call.args().subList(1, call.args().size()), call.maxText())),
        Function.of("print", 0, ANY, call -> print(call, false)),
        Function.of("println", 0, ANY, call -> print(call, true)),
        Function.of("split", 2, 2, TextFunctions::split),
        Function.of("join", 2, 2, TextFunctions::join),
        Function.of("replace", 3, 3, TextFunctions::replace),
        Function.of("replaceAll", 3, 3, TextFunctions::replace),
        Function.of("regexReplaceAll", 3, 3, RegexReplace::apply),
        Function.of("trim", 1, 1, call -> call.string(0).strip()),
        Function.of("upper", 1, 1, call -> call.string(0).toUpperCase(Locale.ROOT)),
        Function.of("lower", 1, 1, call -> call.string(0).toLowerCase(Locale.ROOT)),
        Function.of("contains", 2, 2, call -> call.string(1).contains(call.string(0))),
        Function.of("hasPrefix", 2, 2, call -> call.string(1).startsWith(call.string(0))),
        Function.of("hasSuffix", 2, 2, call -> call.string(1).endsWith(call.string(0))));
  }

  /** Go's Sprint (spaces between operands when neither is a string) or Sprintln (always). */
  private static String print(Call call, boolean line) {
    StringBuilder out = new StringBuilder();
    List<Object> args = call.args();
    for (int i = 0; i < args.size(); i++) {
      boolean spaced =
          line
              || (i > 0
                  && !(args.get(i) instanceof String)
                  && !(args.get(i - 1) instanceof String));
      if (i > 0 && spaced) {
        out.append(' ');
      }
      out.append(call.print(args.get(i)));
      call.checkLength(out.length());
    }
    if (line) {
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * ContainerPilot's {@code split SEP TEXT}: the text is trimmed first, and an empty text is an
   * empty list (not a list of one empty string); an empty separator splits into characters.
   */
  private static List<String> split(Call call) {
    String sep = call.string(0);
    String text = call.string(1).strip();
    List<String> parts = new ArrayList<>();
    if (text.isEmpty()) {
      return parts;
    }
    if (sep.isEmpty()) {
      text.codePoints().forEach(cp -> parts.add(Character.toString(cp)));
      return parts;
    }
    int from = 0;
    while (true) {
      int at = text.indexOf(sep, from);
      if (at < 0) {
        parts.add(text.substring(from));
        return parts;
      }
      parts.add(text.substring(from, at));
      from = at + sep.length();
    }
  }

  /** {@code join SEP LIST}: the elements as the template prints them, separated. */
  private static String join(Call call) {
    String sep = call.string(0);
    List<?> list = call.list(1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        out.append(sep);
      }
      out.append(call.print(list.get(i)));
      call.checkLength(out.length());
      if (i % 1024 == 1023) {
        call.charge(1);
      }
    }
    return out.toString();
  }

  /** {@code replace OLD NEW TEXT}: every occurrence; the size is checked before it is built. */
  private static String replace(Call call) {
    String old = call.string(0);
    String replacement = call.string(1);
    String text = call.string(2);
    long count;
    if (old.isEmpty()) {
      count = text.codePointCount(0, text.length()) + 1L;
    } else {
      count = 0;
      for (int at = text.indexOf(old); at >= 0; at = text.indexOf(old, at + old.length())) {
        count++;
      }
    }
    call.checkLength(text.length() + count * (replacement.length() - (long) old.length()));
    return text.replace(old, replacement);
  }
}
