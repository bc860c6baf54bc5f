package io.berth.runtime;

/** Where a container is in its life. */
public enum ContainerState {
  /** Being prepared: root filesystem, bundle, runc create. */
  CREATING,
  /** Created in runc; its process waits to be started. */
  CREATED,
  RUNNING,
  /** Its process ended; its record, logs and writable layer stay until it is removed. */
  EXITED,
  /** Being removed. */
  REMOVING;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean isActive() {
    return this == CREATED || this == RUNNING;
  }
}
