package io.berth.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS trust of one host: the system's store, plus its CA files, or nothing when unverified. */
final class TlsTrust {
  private TlsTrust() {}

  static SSLContext contextFor(HostConfig host) throws IOException {
    try {
      if (!host.tlsVerify()) {
        return context(new TrustAnything());
      }
      if (host.caFiles().isEmpty()) {
        return SSLContext.getDefault();
      }
      List<X509Certificate> cas = new ArrayList<>();
      for (Path file : host.caFiles()) {
        cas.addAll(readCertificates(file));
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return context(new EitherTrust(trustManager(null), trustManager(store)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for " + host.host() + ": " + e.getMessage(), e);
    }
  }

  /** The certificates of a PEM (or DER) file; an error names the file. */
  static List<X509Certificate> readCertificates(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate cert : read) {
        if (cert instanceof X509Certificate x509) {
          certs.add(x509);
        }
      }
      if (certs.isEmpty()) {
        throw new IOException("CA file " + file + " holds no certificate");
      }
      return certs;
    } catch (CertificateException e) {
      throw new IOException(
          "CA file " + file + " is not a PEM or DER certificate: " + e.getMessage(), e);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("CA file " + file + " does not exist", e);
    }
  }

  private static SSLContext context(TrustManager trust) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    return context;
  }

  private static X509ExtendedTrustManager trustManager(KeyStore store)
      throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
  }

  /**
   * Trusts a server that either the system's store or the host's CA files vouch for. Each delegate
   * also checks the host name, as the JDK's trust managers do for HTTPS.
   */
  private static final class EitherTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager system;
    private final X509ExtendedTrustManager own;

    EitherTrust(X509ExtendedTrustManager system, X509ExtendedTrustManager own) {
      this.system = system;
      this.own = own;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      try {
        system.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException notBySystem) {
        own.checkServerTrusted(chain, authType, engine);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      try {
        system.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException notBySystem) {
        own.checkServerTrusted(chain, authType, socket);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        system.checkServerTrusted(chain, authType);
      } catch (CertificateException notBySystem) {
        own.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("berth does not authenticate TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("berth does not authenticate TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("berth does not authenticate TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return Stream.of(system.getAcceptedIssuers(), own.getAcceptedIssuers())
          .flatMap(Stream::of)
          .toArray(X509Certificate[]::new);
    }
  }

  /** For hosts with tlsVerify false: the connection is encrypted but the peer is not checked. */
  private static final class TrustAnything extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("berth does not authenticate TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("berth does not authenticate TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("berth does not authenticate TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
