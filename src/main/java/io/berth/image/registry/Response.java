package io.berth.image.registry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * One answer: its status, headers and body, and the URI it answers. Whoever holds it reads the body
 * to the end or closes it; {@link ResponseBody} says what then becomes of the connection.
 */
record Response(int status, Headers headers, InputStream body, URI uri) implements Closeable {

  /** Done with the answer: its connection is kept when the body was read, dropped otherwise. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // nothing is lost: the rest of the answer was not wanted
    }
  }
}
