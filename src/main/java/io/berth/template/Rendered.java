package io.berth.template;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.SequencedSet;

/**
 * What one render produced.
 *
 * @param text the output
 * @param dependencies what the functions reported reading, in the order first read; a caller that
 *     watches these and renders again when one changes keeps its output current
 */
public record Rendered(String text, SequencedSet<Dependency> dependencies) {
  public Rendered {
    dependencies = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(dependencies));
  }
}
