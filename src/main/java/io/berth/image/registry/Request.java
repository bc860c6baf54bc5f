package io.berth.image.registry;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request berth sends: a GET or a HEAD (berth only reads), where it goes, and its headers
 * besides those the JDK adds itself (Host, User-Agent, Connection).
 */
record Request(String method, URI uri, Map<String, String> headers) {

  Request {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      throw new IllegalArgumentException("berth only reads: " + method);
    }
    if (uri == null || !uri.isAbsolute()) {
      throw new IllegalArgumentException("a request needs an absolute URI: " + uri);
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  static Request get(URI uri) {
    return new Request("GET", uri, Map.of());
  }

  Request withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Request(method, uri, more);
  }
}
