package io.berth.api.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How the client reaches an agent: one fresh connection per call. The Unix socket is one transport;
 * TCP (with TLS) is another, and the HTTP above them stays the same.
 */
interface Transport {

  Connection open() throws IOException;

  /** For messages: {@code unix:/run/berth/berth.sock}. */
  String endpoint();

  /** Closes what the transport keeps between calls, if anything. */
  default void close() throws IOException {}

  /** A byte stream each way; closing it closes the socket. */
  interface Connection extends Closeable {
    InputStream input();

    OutputStream output();
  }
}
