package io.berth.template;

/** A place in a template's text: line and column, both from 1. */
record Pos(int line, int column) {
  @Override
  public String toString() {
    return line + ":" + column;
  }
}
