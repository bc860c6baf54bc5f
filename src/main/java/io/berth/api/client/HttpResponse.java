package io.berth.api.client;

import java.io.InputStream;
import java.util.Map;

/**
 * A response's head, and its body as it arrives (already unchunked).
 *
 * @param headers by lower-case name; a repeated header keeps its last value
 */
record HttpResponse(int status, Map<String, String> headers, InputStream body) {

  String header(String name) {
    return headers.get(name);
  }

  /** The media type without parameters, lower case; empty when there is none. */
  String mediaType() {
    String type = headers.getOrDefault("content-type", "");
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase();
  }
}
