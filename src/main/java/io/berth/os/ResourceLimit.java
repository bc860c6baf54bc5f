package io.berth.os;

/**
 * A soft and a hard limit on one {@link Resource}. {@link #UNLIMITED} ({@code RLIM_INFINITY}, all
 * bits set) stands for no limit; it compares above every other value with {@link
 * Long#compareUnsigned}.
 */
public record ResourceLimit(Resource resource, long soft, long hard) {
  public static final long UNLIMITED = -1L;

  public ResourceLimit {
    if (Long.compareUnsigned(soft, hard) > 0) {
      throw new IllegalArgumentException(
          "%s: soft limit %s above hard limit %s"
              .formatted(resource.ociName(), show(soft), show(hard)));
    }
  }

  public boolean softUnlimited() {
    return soft == UNLIMITED;
  }

  public boolean hardUnlimited() {
    return hard == UNLIMITED;
  }

  /** {@code value} lowered to the hard limit if above it (a child may never exceed it). */
  public long capToHard(long value) {
    return Long.compareUnsigned(value, hard) > 0 ? hard : value;
  }

  @Override
  public String toString() {
    return "%s soft %s hard %s".formatted(resource.ociName(), show(soft), show(hard));
  }

  private static String show(long value) {
    return value == UNLIMITED ? "unlimited" : Long.toUnsignedString(value);
  }
}
