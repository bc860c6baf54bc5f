package io.berth.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, as the OCI image spec defines it. Only the algorithms
 * berth can verify are accepted: a digest berth cannot check is refused where it is parsed.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    if (algorithm == null || hex == null) {
      throw new IllegalArgumentException("a digest needs an algorithm and a hex value");
    }
    Pattern hexPattern =
        switch (algorithm) {
          case "sha256" -> SHA256;
          case "sha512" -> SHA512;
          default ->
              throw new IllegalArgumentException(
                  "unsupported digest algorithm '%s' (expected sha256 or sha512)"
                      .formatted(algorithm));
        };
    if (!hexPattern.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "invalid %s digest '%s': expected %d lowercase hex characters"
              .formatted(algorithm, hex, algorithm.equals("sha256") ? 64 : 128));
    }
  }

  /** Parses {@code sha256:<64 hex>}; the message of the exception names the bad input. */
  @JsonCreator
  public static Digest parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing digest");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "invalid digest '%s': expected algorithm:hex, such as sha256:<64 hex characters>"
              .formatted(text));
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  public static Digest sha256(byte[] bytes) {
    return of("sha256", newMessageDigest("sha256").digest(bytes));
  }

  public static Digest of(String algorithm, byte[] digestBytes) {
    return new Digest(algorithm, HexFormat.of().formatHex(digestBytes));
  }

  /** A fresh {@link MessageDigest} for this digest's algorithm. */
  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(
          switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported algorithm " + algorithm);
          });
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /** The first twelve hex characters, as Docker shows short ids. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }
}
