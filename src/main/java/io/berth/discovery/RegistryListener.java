package io.berth.discovery;

import io.berth.coord.CoordException;
import java.util.List;

/** Receives a registry watch's changes, in order, from a thread of the watch. */
public interface RegistryListener {
  void changed(List<RegistryChange> changes);

  /** The watch ended; see {@link io.berth.coord.WatchListener#onFailed}. */
  void failed(CoordException error);
}
