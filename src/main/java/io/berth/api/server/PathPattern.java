package io.berth.api.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A path such as {@code /v1/containers/{id}/logs}: literal segments and {@code {name}} parameters,
 * each matching exactly one segment. A parameter's value arrives percent-encoded as one segment
 * ({@code docker.io%2Flibrary%2Fbusybox%3Alatest}), so values may hold {@code /} and {@code :}.
 */
record PathPattern(String text, List<String> segments) {

  static PathPattern parse(String text) {
    if (!text.startsWith("/") || text.endsWith("/")) {
      throw new IllegalArgumentException("a path pattern starts with / and does not end with one");
    }
    return new PathPattern(text, List.of(text.substring(1).split("/", -1)));
  }

  /** The parameters by name when {@code path} (decoded segments) matches, else null. */
  Map<String, String> match(List<String> path) {
    if (path.size() != segments.size()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < segments.size(); i++) {
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

  private static boolean isParameter(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }
}
