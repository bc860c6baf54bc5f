package io.berth.api.client;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

/** Which TLS certificate a client accepts from a remote agent. */
public sealed interface Trust {

  /** The JDK's trusted CAs, and the host name checked against the certificate. */
  record System() implements Trust {}

  /** The CA certificates (PEM) in {@code file}, and the host name checked. */
  record CaFile(Path file) implements Trust {}

  /**
   * Exactly the certificate whose SHA-256 (of its DER encoding) is {@code sha256}: pinning, for the
   * agent's self-signed certificate. The name is not checked: the pin says which server it is.
   */
  record Fingerprint(byte[] sha256) implements Trust {
    public Fingerprint {
      if (sha256.length != 32) {
        throw new IllegalArgumentException("a SHA-256 fingerprint is 32 bytes");
      }
      sha256 = sha256.clone();
    }

    /**
     * Parses {@code AB:CD:...}, {@code abcd...} or {@code sha256:...}, as the agent logs it or
     * {@code openssl x509 -fingerprint -sha256} prints it.
     */
    public static Fingerprint parse(String text) {
      String hex = text.strip().toLowerCase(Locale.ROOT);
      if (hex.startsWith("sha256:")) {
        hex = hex.substring(7);
      }
      if (hex.startsWith("sha256 fingerprint=")) {
        hex = hex.substring(19);
      }
      hex = hex.replace(":", "");
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "expected a SHA-256 fingerprint: 64 hex digits, with or without colons, got '"
                + text
                + "'");
      }
      return new Fingerprint(HexFormat.of().parseHex(hex));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Fingerprint f && java.util.Arrays.equals(sha256, f.sha256);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }
  }
}
