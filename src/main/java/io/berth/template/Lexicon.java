package io.berth.template;

import java.util.Set;

/** The words of the template language that are not function names. */
final class Lexicon {
  static final Set<String> KEYWORDS =
      Set.of("if", "else", "end", "range", "with", "break", "continue");
  static final Set<String> UNSUPPORTED = Set.of("define", "template", "block");
  static final Set<String> LITERALS = Set.of("true", "false", "nil");

  private Lexicon() {}

  static boolean isReserved(String word) {
    return KEYWORDS.contains(word) || UNSUPPORTED.contains(word) || LITERALS.contains(word);
  }
}
