package io.berth.template;

import java.util.Collection;

/** Finds the name a user probably meant, for messages such as {@code did you mean "upper"?}. */
final class Suggestions {
  private Suggestions() {}

  /**
   * {@code ; did you mean "x"?} for the closest name, or null. A name may be one edit away per
   * three characters (at least one, at most two): {@code uper} suggests {@code upper}, but {@code
   * kv} suggests nothing, though {@code env} is two edits away.
   */
  static String closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Math.min(2, Math.max(3, name.length()) / 3) + 1;
    for (String candidate : known.stream().sorted().toList()) {
      int d = distance(name.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best == null ? null : "; did you mean \"" + best + "\"?";
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 2) {
      return 3;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
