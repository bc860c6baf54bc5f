package io.berth.coord;

/**
 * How to read a range.
 *
 * @param keysOnly leave the values out (they read as empty)
 * @param limit at most this many keys, the first in key order; 0 for no limit
 */
public record RangeOptions(boolean keysOnly, long limit) {
  public static final RangeOptions ALL = new RangeOptions(false, 0);

  /** Every key, without values. */
  public static final RangeOptions KEYS = new RangeOptions(true, 0);

  public RangeOptions {
    if (limit < 0) {
      throw new IllegalArgumentException("a range limit cannot be negative: " + limit);
    }
  }

  /** The first {@code limit} keys, with values. */
  public static RangeOptions first(long limit) {
    return new RangeOptions(false, limit);
  }

  public RangeOptions withLimit(long newLimit) {
    return new RangeOptions(keysOnly, newLimit);
  }

  public RangeOptions withKeysOnly() {
    return new RangeOptions(true, limit);
  }
}
