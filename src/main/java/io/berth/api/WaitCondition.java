package io.berth.api;

/**
 * What a wait for a container waits for, as Docker's {@code wait?condition=}: its end ({@code
 * not-running}, the default), or its removal too ({@code removed}: for an auto-removed container,
 * once nothing of it is left, so a listing made after the wait no longer shows it).
 */
public enum WaitCondition {
  NOT_RUNNING("not-running"),
  REMOVED("removed");

  private final String text;

  WaitCondition(String text) {
    this.text = text;
  }

  /** As the API spells it. */
  public String text() {
    return text;
  }

  public static WaitCondition parse(String text) {
    for (WaitCondition condition : values()) {
      if (condition.text.equals(text)) {
        return condition;
      }
    }
    throw ApiException.badRequest(
        "unknown wait condition '%s'; expected not-running or removed".formatted(text));
  }
}
