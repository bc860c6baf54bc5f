package io.berth.coord;

/** The lease does not exist (any more): it expired, was revoked, or never was. */
public final class LeaseNotFoundException extends CoordException {
  private final long lease;

  public LeaseNotFoundException(String store, long lease) {
    super("%s: lease %d not found (expired, revoked, or never granted)".formatted(store, lease));
    this.lease = lease;
  }

  public long lease() {
    return lease;
  }
}
