package io.berth.api.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A path such as {@code /v1/containers/{id}/logs}: literal segments and {@code {name}} parameters,
 * each matching exactly one segment. A parameter's value arrives percent-encoded as one segment
 * ({@code docker.io%2Flibrary%2Fbusybox%3Alatest}), so values may hold {@code /} and {@code :}.
 *
 * <p>A last parameter written {@code {name...}} takes the rest of the path, zero or more segments
 * joined with {@code /} (a trailing slash kept): {@code /v1/kv/{path...}} matches {@code
 * /v1/kv/org/app/} with {@code org/app/}.
 */
record PathPattern(String text, List<String> segments) {

  static PathPattern parse(String text) {
    if (!text.startsWith("/") || text.endsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with / and does not end with one");
    }
    List<String> segments = List.of(text.substring(1).split("/", -1));
    for (int i = 0; i < segments.size() - 1; i++) {
      if (isRest(segments.get(i))) {
        throw new IllegalArgumentException("only the last parameter takes the rest: " + text);
      }
    }
    return new PathPattern(text, segments);
  }

  /** The parameters by name when {@code path} (decoded segments) matches, else null. */
  Map<String, String> match(List<String> path) {
    boolean rest = !segments.isEmpty() && isRest(segments.getLast());
    int fixed = rest ? segments.size() - 1 : segments.size();
    if (rest ? path.size() < fixed : path.size() != fixed) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    if (rest) {
      String last = segments.getLast();
      params.put(
          last.substring(1, last.length() - 4), String.join("/", path.subList(fixed, path.size())));
    }
    for (int i = 0; i < fixed; i++) {
      String segment = segments.get(i);
      if (isParameter(segment)) {
        params.put(segment.substring(1, segment.length() - 1), path.get(i));
      } else if (!segment.equals(path.get(i))) {
        return null;
      }
    }
    return params;
  }

  /** How many segments are literal: the more specific pattern wins when two match. */
  int literals() {
    return (int) segments.stream().filter(s -> !isParameter(s)).count();
  }

  private static boolean isRest(String segment) {
    return segment.startsWith("{") && segment.endsWith("...}");
  }

  private static boolean isParameter(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }
}
