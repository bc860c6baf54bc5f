package io.berth.kv;

/** Whether a read decrypts secret values or shows {@code "<secret>"} in their place. */
public enum Secrets {
  /**
   * Show {@code "<secret>"}: listings, dumps, events, anything that may reach a log or a screen.
   */
  HIDE,
  /** Decrypt: only where the caller asked for the secret explicitly. */
  REVEAL
}
