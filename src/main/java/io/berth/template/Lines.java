package io.berth.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns offsets in a template's text into lines and columns. */
final class Lines {
  private final String text;
  private final int[] starts;

  Lines(String text) {
    this.text = text;
    List<Integer> list = new ArrayList<>();
    list.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        list.add(i + 1);
      }
    }
    starts = list.stream().mapToInt(Integer::intValue).toArray();
  }

  Pos at(int offset) {
    int found = Arrays.binarySearch(starts, offset);
    int line = found >= 0 ? found : -found - 2;
    int column = text.codePointCount(starts[line], Math.min(offset, text.length())) + 1;
    return new Pos(line + 1, column);
  }
}
