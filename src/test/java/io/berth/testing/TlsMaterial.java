package io.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA and a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, made
 * with the openssl command. Clients trust the server only through {@link #caCertificate()}: it is
 * in no system trust store.
 */
public record TlsMaterial(Path caCertificate, Path serverCertificate, Path serverKey) {
  private static final String DAYS = "2";

  public static TlsMaterial generate(Path dir) {
    Tools.require("openssl", "openssl");
    Path caKey = dir.resolve("ca.key");
    Path ca = dir.resolve("ca.pem");
    Path key = dir.resolve("server.key");
    Path csr = dir.resolve("server.csr");
    Path cert = dir.resolve("server.pem");
    Path extensions = dir.resolve("server.ext");
    write(
        extensions,
        """
        basicConstraints=critical,CA:FALSE
        keyUsage=critical,digitalSignature,keyEncipherment
        extendedKeyUsage=serverAuth
        subjectAltName=IP:127.0.0.1,DNS:localhost
        """);
    Command.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            caKey.toString(),
            "-out",
            ca.toString(),
            "-days",
            DAYS,
            "-subj",
            "/CN=berth test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign")
        .run();
    Command.of(
            "openssl",
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            csr.toString(),
            "-subj",
            "/CN=localhost")
        .run();
    Command.of(
            "openssl",
            "x509",
            "-req",
            "-in",
            csr.toString(),
            "-CA",
            ca.toString(),
            "-CAkey",
            caKey.toString(),
            "-CAcreateserial",
            "-out",
            cert.toString(),
            "-days",
            DAYS,
            "-extfile",
            extensions.toString())
        .run();
    return new TlsMaterial(ca, cert, key);
  }

  /**
   * A client certificate signed by this CA, for servers that require one (etcd's {@code
   * --client-cert-auth}); its common name is {@code commonName}.
   */
  public ClientCertificate issueClientCertificate(String commonName) {
    Path dir = caCertificate.getParent();
    String base = "client-" + commonName.replaceAll("[^A-Za-z0-9_.-]", "_");
    Path key = dir.resolve(base + ".key");
    Path csr = dir.resolve(base + ".csr");
    Path cert = dir.resolve(base + ".pem");
    Path extensions = dir.resolve(base + ".ext");
    write(
        extensions,
        """
        basicConstraints=critical,CA:FALSE
        keyUsage=critical,digitalSignature,keyEncipherment
        extendedKeyUsage=clientAuth
        """);
    Command.of(
            "openssl",
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            csr.toString(),
            "-subj",
            "/CN=" + commonName)
        .run();
    Command.of(
            "openssl",
            "x509",
            "-req",
            "-in",
            csr.toString(),
            "-CA",
            caCertificate.toString(),
            "-CAkey",
            dir.resolve("ca.key").toString(),
            "-CAcreateserial",
            "-out",
            cert.toString(),
            "-days",
            DAYS,
            "-extfile",
            extensions.toString())
        .run();
    return new ClientCertificate(cert, key);
  }

  /** An SSL context that trusts this CA and presents {@code client} when asked. */
  public SSLContext clientContext(ClientCertificate client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("berth-test-ca", Pem.certificate(caCertificate));
      TrustManagerFactory trustFactory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustFactory.init(trust);
      char[] password = "berth".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "client",
          Pem.privateKey(client.key(), "EC"),
          password,
          new java.security.cert.Certificate[] {Pem.certificate(client.certificate())});
      KeyManagerFactory keyFactory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyFactory.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyFactory.getKeyManagers(), trustFactory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an SSL context for " + client, e);
    }
  }

  /** An SSL context that trusts this CA and nothing else. */
  public SSLContext clientContext() {
    try {
      return trustingOnly(Pem.certificate(caCertificate));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an SSL context for " + caCertificate, e);
    }
  }

  /** An SSL context that trusts {@code certificate} and nothing else. */
  static SSLContext trustingOnly(java.security.cert.Certificate certificate)
      throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("trusted", certificate);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /**
   * A directory as skopeo's {@code --dest-cert-dir} and containers' {@code certs.d} expect it: CA
   * certificates as {@code *.crt}.
   */
  public Path certDirectory() {
    Path dir = caCertificate.resolveSibling("certs.d");
    try {
      Files.createDirectories(dir);
      Files.copy(caCertificate, dir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
