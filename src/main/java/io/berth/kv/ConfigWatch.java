package io.berth.kv;

/** A running watch; close it to stop it. */
public interface ConfigWatch extends AutoCloseable {
  /** The key or directory watched. */
  ConfigPath path();

  @Override
  void close();
}
