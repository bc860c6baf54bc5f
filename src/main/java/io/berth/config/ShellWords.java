package io.berth.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words as a POSIX shell would, without running one: blanks separate
 * words, single quotes keep everything, double quotes keep everything but {@code \"}, {@code \\},
 * {@code \$} and {@code \`}, and a backslash outside quotes keeps the next character. Nothing is
 * expanded. What only a shell could do (pipes, redirections, command lists, subshells, comments) is
 * refused rather than passed on as words the program would not expect.
 *
 * @param words the words
 * @param dollar whether an unquoted or double-quoted {@code $} was seen, which a shell would have
 *     expanded and berth passes as it is
 */
record ShellWords(List<String> words, boolean dollar) {
  ShellWords {
    words = List.copyOf(words);
  }

  /**
   * @throws IllegalArgumentException naming what a shell would do that berth does not
   */
  static ShellWords split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean dollar = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      switch (c) {
        case ' ', '\t', '\n', '\r' -> {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
          i++;
        }
        case '\'' -> {
          int close = line.indexOf('\'', i + 1);
          if (close < 0) {
            throw new IllegalArgumentException(
                "the single quote at offset %d is never closed".formatted(i));
          }
          word.append(line, i + 1, close);
          inWord = true;
          i = close + 1;
        }
        case '"' -> {
          int start = i;
          i++;
          while (i < n && line.charAt(i) != '"') {
            char d = line.charAt(i);
            if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) {
              if (line.charAt(i + 1) != '\n') {
                word.append(line.charAt(i + 1));
              }
              i += 2;
            } else {
              dollar |= d == '$';
              if (d == '`') {
                throw new IllegalArgumentException(
                    "a backquote runs a command in a shell; berth runs no shell");
              }
              word.append(d);
              i++;
            }
          }
          if (i >= n) {
            throw new IllegalArgumentException(
                "the double quote at offset %d is never closed".formatted(start));
          }
          inWord = true;
          i++;
        }
        case '\\' -> {
          if (i + 1 < n && line.charAt(i + 1) != '\n') {
            word.append(line.charAt(i + 1));
            inWord = true;
          }
          i += 2;
        }
        case '|', '&', ';', '<', '>', '(', ')', '`' ->
            throw new IllegalArgumentException(
                ("'%c' at offset %d means something only to a shell, and berth runs no shell: quote"
                        + " it, or run a shell yourself with a list such as [sh, -c, \"...\"]")
                    .formatted(c, i));
        case '#' -> {
          if (!inWord) {
            throw new IllegalArgumentException(
                ("'#' at offset %d starts a comment in a shell: quote it, or remove the comment")
                    .formatted(i));
          }
          word.append(c);
          i++;
        }
        default -> {
          dollar |= c == '$';
          word.append(c);
          inWord = true;
          i++;
        }
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return new ShellWords(words, dollar);
  }
}
