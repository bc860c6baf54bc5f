package io.berth.auth;

import io.berth.api.server.ApiServer;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The agent's TLS key and certificate: from PEM files the operator gives, or a self-signed one (EC
 * P-256) made on first start under the agent's root and kept, so that a client that pinned its
 * fingerprint keeps trusting it across restarts.
 *
 * @param keys the key store an {@link ApiServer} serves with
 * @param certificate the leaf certificate
 * @param generated whether it was made now
 */
public record ServerIdentity(KeyStore keys, X509Certificate certificate, boolean generated) {
  private static final Duration VALIDITY = Duration.ofDays(825);

  /** The SHA-256 of the certificate (DER), as {@code berth --tls-fingerprint} takes it. */
  public String fingerprint() {
    try {
      return HexFormat.ofDelimiter(":")
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key and certificate chain in PEM files ({@code key} may be PKCS#8, SEC1 or PKCS#1). */
  public static ServerIdentity load(Path certFile, Path keyFile) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(certFile);
        PEMParser pem = new PEMParser(reader)) {
      for (Object o; (o = pem.readObject()) != null; ) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException("cannot read the TLS certificate " + certFile + ": " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new IOException("the TLS certificate file " + certFile + " holds no CERTIFICATE");
    }
    PrivateKey key;
    try (Reader reader = Files.newBufferedReader(keyFile);
        PEMParser pem = new PEMParser(reader)) {
      Object o = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      key =
          switch (o) {
            // SEC1 and PKCS#1: the private key alone; the public part may be absent
            case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
            case org.bouncycastle.asn1.pkcs.PrivateKeyInfo info -> converter.getPrivateKey(info);
            case null, default ->
                throw new IOException(
                    "expected an unencrypted PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY");
          };
    } catch (IOException e) {
      throw new IOException("cannot read the TLS key " + keyFile + ": " + e.getMessage());
    }
    return new ServerIdentity(keyStore(key, chain), chain.getFirst(), false);
  }

  /**
   * The self-signed certificate in {@code dir} ({@code cert.pem}, {@code key.pem} mode 0600), made
   * now for {@code host} (and localhost, 127.0.0.1, ::1) when there is none.
   */
  public static ServerIdentity selfSigned(Path dir, String host) throws IOException {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      return load(certFile, keyFile);
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X509Certificate cert = certificate(pair, host);
      // the key first: a certificate without its key would be kept and fail on every start
      Files.deleteIfExists(keyFile);
      SecretFiles.create(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
      Files.write(certFile, pem(cert));
      return new ServerIdentity(keyStore(pair.getPrivate(), List.of(cert)), cert, true);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot make a TLS certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate certificate(KeyPair pair, String host)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    Set<GeneralName> names = new LinkedHashSet<>();
    for (String name : List.of(host, "localhost", "127.0.0.1", "::1")) {
      if (name == null || name.isBlank() || name.equals("0.0.0.0") || name.equals("::")) {
        continue;
      }
      boolean ip = name.contains(":") || name.matches("[0-9.]+");
      names.add(
          ip
              ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
              : new GeneralName(GeneralName.dNSName, name));
    }
    if (host != null && (host.equals("0.0.0.0") || host.equals("::"))) {
      String hostname = InetAddress.getLocalHost().getHostName();
      names.add(new GeneralName(GeneralName.dNSName, hostname));
    }
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=berth agent");
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(128, new SecureRandom()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALIDITY)),
            subject,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(names.toArray(GeneralName[]::new)));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  private static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          ApiServer.KEY_ALIAS,
          key,
          ApiServer.KEY_PASSWORD,
          chain.toArray(java.security.cert.Certificate[]::new));
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException("the TLS key does not fit its certificate: " + e.getMessage(), e);
    }
  }

  private static byte[] pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
