package io.berth.template;

import java.util.List;

/** What an action computes: operands, field chains, function calls and parenthesised pipelines. */
sealed interface Expr {
  Pos pos();

  /** A string, number, character, boolean or nil written in the template. */
  record Literal(Pos pos, Object value) implements Expr {}

  /** {@code .}: the current value. */
  record Dot(Pos pos) implements Expr {}

  /** {@code $name}, or {@code $} for the data the render started with. */
  record Variable(Pos pos, String name) implements Expr {}

  /**
   * Fields read one after another from a value: {@code .a.b} reads {@code a} then {@code b} from
   * dot.
   *
   * @param text how the chain reads in the template, for messages
   */
  record Fields(Pos pos, Expr receiver, List<String> names, String text) implements Expr {}

  /** {@code (pipeline)}. */
  record Group(Pos pos, Pipeline pipeline) implements Expr {}

  /** A function called with arguments; in a pipeline the previous value is passed last. */
  record Call(Pos pos, Function function, List<Expr> args) implements Expr {}
}
