package io.berth.template;

import java.util.List;

/**
 * Commands joined by {@code |}, each command's value passed as the last argument of the next,
 * perhaps declaring ({@code $x := ...}) or assigning ({@code $x = ...}) variables.
 *
 * @param variables the variables declared or assigned: none, one, or two in a {@code range}
 * @param commands at least one; every one after the first is a {@link Expr.Call}
 */
record Pipeline(Pos pos, List<String> variables, Binding binding, List<Expr> commands) {
  enum Binding {
    NONE,
    DECLARE,
    ASSIGN
  }
}
