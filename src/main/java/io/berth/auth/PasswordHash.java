package io.berth.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in unpadded base64):
 * PBKDF2-HMAC-SHA256 is in every JDK, and 600 000 iterations is OWASP's figure for it (2023).
 */
public final class PasswordHash {
  static final String SCHEME = "pbkdf2-sha256";
  static final int ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A new hash of {@code password} with a fresh salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME
        + "$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, ITERATIONS));
  }

  /** Checks that {@code encoded} is a hash this class can verify; throws with the reason if not. */
  public static void validate(String encoded) {
    parts(encoded);
  }

  /** Whether {@code password} matches {@code encoded}, compared in constant time. */
  public static boolean verify(String encoded, char[] password) {
    String[] parts = parts(encoded);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
  }

  private static String[] parts(String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
    try {
      if (parts.length == 4 && parts[0].equals(SCHEME) && Integer.parseInt(parts[1]) >= 10_000) {
        Base64.getDecoder().decode(parts[2]);
        Base64.getDecoder().decode(parts[3]);
        return parts;
      }
    } catch (IllegalArgumentException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(
        "expected a password hash as 'berth auth hash-password' prints it"
            + " (pbkdf2-sha256$ITERATIONS$SALT$HASH)");
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }
}
