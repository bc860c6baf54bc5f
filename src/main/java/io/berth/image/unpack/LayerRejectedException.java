package io.berth.image.unpack;

import java.io.IOException;
import java.util.Optional;

/**
 * A layer whose content berth refuses to unpack: a hostile or malformed entry, a compression that
 * does not match the declared media type, or more uncompressed bytes than the policy allows. The
 * message names the entry (as written in the tar) and the rule it broke; the caller discards the
 * half-written target directory.
 */
public final class LayerRejectedException extends IOException {
  private final String entry;
  private final String rule;

  /** A refusal about one entry; {@code entry} is its name as the tar spells it. */
  public LayerRejectedException(String entry, String rule) {
    super("layer entry '%s' refused: %s".formatted(entry, rule));
    this.entry = entry;
    this.rule = rule;
  }

  /** A refusal about the layer as a whole. */
  public LayerRejectedException(String rule) {
    super("layer refused: " + rule);
    this.entry = null;
    this.rule = rule;
  }

  /** The entry name as the tar spells it; empty when the whole layer is at fault. */
  public Optional<String> entry() {
    return Optional.ofNullable(entry);
  }

  public String rule() {
    return rule;
  }
}
