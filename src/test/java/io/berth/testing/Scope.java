package io.berth.testing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One resource scope of the Docker token protocol: {@code repository:library/busybox:pull,push}.
 * The name may itself contain colons (a registry host with a port), so the actions are what follows
 * the last colon.
 */
public record Scope(String type, String name, Set<String> actions) {
  public Scope {
    if (type == null || type.isEmpty() || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a scope needs a type and a name");
    }
    actions = Set.copyOf(actions);
  }

  public static Scope parse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (first <= 0 || last <= first) {
      throw new IllegalArgumentException(
          "invalid scope '" + text + "': expected type:name:actions");
    }
    Set<String> actions = new LinkedHashSet<>();
    for (String action : text.substring(last + 1).split(",")) {
      if (!action.isEmpty()) {
        actions.add(action);
      }
    }
    return new Scope(text.substring(0, first), text.substring(first + 1, last), actions);
  }

  public static Scope repository(String name, String... actions) {
    return new Scope("repository", name, Set.of(actions));
  }

  @Override
  public String toString() {
    return type
        + ":"
        + name
        + ":"
        + String.join(",", List.copyOf(actions).stream().sorted().toList());
  }
}
