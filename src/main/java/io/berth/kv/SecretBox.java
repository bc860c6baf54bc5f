package io.berth.kv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over secret values. Each value gets a fresh 96-bit nonce; the key's path is the
 * associated data, so a ciphertext copied to another key does not decrypt. The key id (a hash of
 * the key) is stored beside each value, so that a host with another key file says so rather than
 * "tag mismatch".
 */
final class SecretBox {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final Path file;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();

  SecretBox(SecretKeySpec key, Path file) {
    this.key = key;
    this.file = file;
    this.keyId = keyId(key);
  }

  /** A sealed value: the key id, the nonce, the ciphertext with its tag. */
  record Sealed(String keyId, byte[] nonce, byte[] data) {}

  Sealed seal(ConfigPath path, byte[] plaintext) throws ConfigException {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(path.text().getBytes(StandardCharsets.UTF_8));
      return new Sealed(keyId, nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new ConfigException(path + ": cannot encrypt the secret: " + e.getMessage(), e);
    }
  }

  byte[] open(ConfigPath path, Sealed sealed) throws ConfigException {
    if (!sealed.keyId().equals(keyId)) {
      throw new ConfigException(
          ("%s: the secret was encrypted with key %s, but %s holds key %s: every host sharing"
                  + " the store needs the same key file")
              .formatted(path, sealed.keyId(), file, keyId));
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
      cipher.updateAAD(path.text().getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed.data());
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          path + ": the secret does not decrypt (altered, or stored under another key)", e);
    }
  }

  private static String keyId(SecretKeySpec key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("berth kv key id\0".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(key.getEncoded()), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "SecretBox[key " + keyId + " from " + file + "]";
  }
}
