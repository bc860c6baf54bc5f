package io.berth.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Connections to a remote agent over TCP, one per call: TLS for {@code https://} URLs (trusting
 * what {@link Trust} says), plain for {@code http://} (the agent serves that on loopback only).
 */
final class TcpTransport implements Transport {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final URI url;
  private final InetSocketAddress address;
  private final SSLContext tls;
  private final boolean checkHostName;

  TcpTransport(URI url, Trust trust) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(
          "the agent's URL is https://HOST:PORT (or http:// on loopback), got '" + url + "'");
    }
    if (url.getHost() == null || url.getPort() < 0) {
      throw new IllegalArgumentException(
          "the agent's URL needs a host and a port: https://HOST:PORT, got '" + url + "'");
    }
    this.url = url;
    this.address = InetSocketAddress.createUnresolved(url.getHost(), url.getPort());
    this.tls = scheme.equals("https") ? context(trust) : null;
    this.checkHostName = !(trust instanceof Trust.Fingerprint);
  }

  @Override
  public Connection open() throws IOException {
    String host = url.getHost().replaceAll("^\\[|]$", "");
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, url.getPort()), CONNECT_TIMEOUT_MILLIS);
      plain.setTcpNoDelay(true);
      Socket socket = plain;
      if (tls != null) {
        SSLSocket secure =
            (SSLSocket) tls.getSocketFactory().createSocket(plain, host, url.getPort(), true);
        SSLParameters parameters = secure.getSSLParameters();
        if (checkHostName) {
          parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
          parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        secure.setSSLParameters(parameters);
        try {
          secure.startHandshake();
        } catch (SSLException e) {
          throw new IOException("TLS with " + address + " failed: " + rootMessage(e), e);
        }
        socket = secure;
      }
      return connection(socket);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private static Connection connection(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    return new Connection() {
      @Override
      public InputStream input() {
        return in;
      }

      @Override
      public OutputStream output() {
        return out;
      }

      @Override
      public void close() throws IOException {
        socket.close();
      }
    };
  }

  @Override
  public String endpoint() {
    return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
  }

  private static SSLContext context(Trust trust) {
    try {
      TrustManager[] managers =
          switch (trust) {
            case Trust.System system -> null;
            case Trust.CaFile ca -> factory(caStore(ca)).getTrustManagers();
            case Trust.Fingerprint pin -> new TrustManager[] {new PinnedTrust(pin)};
          };
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static KeyStore caStore(Trust.CaFile ca) throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try (var in = Files.newInputStream(ca.file())) {
      store.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, cert);
      }
      if (i == 0) {
        throw new IllegalArgumentException("the CA file " + ca.file() + " holds no certificate");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the CA file " + ca.file() + ": " + e.getMessage(), e);
    }
    return store;
  }

  private static TrustManagerFactory factory(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? e.getMessage() : root.getMessage();
  }

  /** Accepts exactly the certificate with the pinned SHA-256, whatever signed it. */
  private record PinnedTrust(Trust.Fingerprint pin) implements X509TrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the agent sent no certificate");
      }
      byte[] actual;
      try {
        actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
      } catch (GeneralSecurityException e) {
        throw new CertificateException(e);
      }
      if (!MessageDigest.isEqual(actual, pin.sha256())) {
        throw new CertificateException(
            "the agent's certificate has SHA-256 fingerprint %s, not the pinned %s"
                .formatted(HexFormat.ofDelimiter(":").withUpperCase().formatHex(actual), pin));
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a client certificate is not expected here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
