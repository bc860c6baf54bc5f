package io.berth.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config document as a tree that remembers where each value stands in the text, so that every
 * complaint can point at it. Jackson's own tree forgets places; YAML and JSON both read into this.
 */
sealed interface Node {
  Position at();

  /** A line and column, both from 1. */
  record Position(int line, int column) {
    static final Position START = new Position(1, 1);
  }

  /** A mapping, its members in document order. */
  record MapNode(Position at, Map<String, Member> members) implements Node {
    public MapNode {
      members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }
  }

  /** One member of a mapping: where its key stands, and its value. */
  record Member(String key, Position keyAt, Node value) {}

  record ListNode(Position at, List<Node> items) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }
  }

  /**
   * A scalar.
   *
   * @param text the scalar as written (for YAML, before any reading as a number: {@code 0750})
   * @param number the value of a number, null for other kinds
   */
  record ScalarNode(Position at, Kind kind, String text, Number number) implements Node {
    enum Kind {
      STRING,
      INTEGER,
      DECIMAL,
      BOOLEAN,
      NULL
    }
  }
}
