package io.berth.supervise;

/** What a user can ask of a service. */
public enum ServiceAction {
  START,
  STOP,
  RESTART,
  ROLLBACK;

  /** {@code start}, {@code stop}, {@code restart}, {@code rollback}. */
  public static ServiceAction parse(String name) {
    return switch (name == null ? "" : name) {
      case "start" -> START;
      case "stop" -> STOP;
      case "restart" -> RESTART;
      case "rollback" -> ROLLBACK;
      default ->
          throw new IllegalArgumentException(
              "unknown service action '%s': expected start, stop, restart or rollback"
                  .formatted(name));
    };
  }
}
