package io.berth.telemetry;

import java.nio.charset.StandardCharsets;

/**
 * One scrape's answer.
 *
 * @param contentType the format's media type, with its version
 * @param body the metrics, UTF-8 text
 */
public record Exposition(String contentType, byte[] body) {
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
