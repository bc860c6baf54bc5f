package io.berth.template;

import java.util.List;

/** A parsed template is a list of nodes; control structures hold lists of their own. */
sealed interface Node {
  Pos pos();

  /** Text outside actions, already trimmed. */
  record Text(Pos pos, String text) implements Node {}

  /** {@code {{pipeline}}}: prints the value, unless the pipeline declares or assigns variables. */
  record Print(Pos pos, Pipeline pipeline) implements Node {}

  /** {@code {{if}}}; an {@code {{else if}}} is an {@code If} alone in {@code otherwise}. */
  record If(Pos pos, Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {}

  /** {@code {{with}}}: the body runs with the value as dot when the value is not empty. */
  record With(Pos pos, Pipeline value, List<Node> body, List<Node> otherwise) implements Node {}

  /** {@code {{range}}}: the body runs once for each element, the other list when there is none. */
  record Range(Pos pos, Pipeline over, List<Node> body, List<Node> otherwise) implements Node {}

  /** {@code {{break}}} inside a range. */
  record Break(Pos pos) implements Node {}

  /** {@code {{continue}}} inside a range. */
  record Continue(Pos pos) implements Node {}
}
