package io.berth.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the PEM files openssl writes into JDK keys and certificates. */
final class Pem {
  private Pem() {}

  static X509Certificate certificate(Path pem) {
    try (var in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(pem + " is not an X.509 certificate", e);
    }
  }

  /** A PKCS#8 key ({@code BEGIN PRIVATE KEY}), as {@code openssl req -newkey} writes it. */
  static PrivateKey privateKey(Path pem, String algorithm) {
    try {
      String text = Files.readString(pem);
      int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
      int end = text.indexOf("-----END PRIVATE KEY-----");
      if (begin < 0 || end < 0) {
        throw new IllegalArgumentException(pem + " holds no PKCS#8 private key");
      }
      String base64 =
          text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(pem + " is not a " + algorithm + " private key", e);
    }
  }
}
