package io.berth.image;

import io.berth.spec.Digest;

/** Hears about each layer of a pull. Called from the threads that pull the layers. */
public interface PullListener {
  PullListener NONE = new PullListener() {};

  /** The layer is being pulled (or unpacked from a local blob when {@code local}). */
  default void started(Digest blob, long size, boolean local) {}

  default void progressed(Digest blob, long bytes, long size) {}

  /** Nothing to do: the snapshot is already here. */
  default void present(Digest blob, long size) {}

  default void finished(Digest blob, long size) {}

  default void failed(Digest blob, long size) {}
}
