package io.berth.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.spec.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Signs registry tokens: ES256 JWTs the CNCF registry accepts. The key and a self-signed
 * certificate for it are made with openssl; the registry's {@code rootcertbundle} holds the
 * certificate, and every token carries it in its {@code x5c} header, which distribution 2.8
 * verifies against that bundle before it checks the signature.
 */
public final class TokenSigner {
  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Path certificateFile;
  private final String issuer;

  private TokenSigner(
      PrivateKey key, X509Certificate certificate, Path certificateFile, String issuer) {
    this.key = key;
    this.certificate = certificate;
    this.certificateFile = certificateFile;
    this.issuer = issuer;
  }

  public static TokenSigner generate(Path dir, String issuer) {
    Tools.require("openssl", "openssl");
    Path keyFile = dir.resolve("token-signing.key");
    Path certFile = dir.resolve("token-signing.pem");
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
            keyFile.toString(),
            "-out",
            certFile.toString(),
            "-days",
            "2",
            "-subj",
            "/CN=" + issuer)
        .run();
    return new TokenSigner(
        Pem.privateKey(keyFile, "EC"), Pem.certificate(certFile), certFile, issuer);
  }

  /** The PEM file the registry's {@code auth.token.rootcertbundle} names. */
  public Path certificateFile() {
    return certificateFile;
  }

  public String issuer() {
    return issuer;
  }

  /**
   * A signed token for {@code subject} (empty for anonymous), valid for {@code audience} (the
   * registry's service name), granting each scope's actions.
   */
  public String sign(String subject, String audience, List<Scope> granted, Duration lifetime) {
    Instant now = Instant.now();
    ObjectNode header = Json.lenient().createObjectNode();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    header.putArray("x5c").add(base64Der());
    ObjectNode claims = Json.lenient().createObjectNode();
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    // a second of slack for clocks, though registry and signer share this machine's
    claims.put("nbf", now.minusSeconds(1).getEpochSecond());
    claims.put("iat", now.getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    ArrayNode grants = claims.putArray("access");
    for (Scope scope : granted) {
      ObjectNode grant = grants.addObject();
      grant.put("type", scope.type());
      grant.put("name", scope.name());
      ArrayNode actions = grant.putArray("actions");
      scope.actions().stream().sorted().forEach(actions::add);
    }
    String signingInput = base64Url(header.toString()) + "." + base64Url(claims.toString());
    return signingInput
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(es256(signingInput));
  }

  private byte[] es256(String signingInput) {
    try {
      // JWS wants the raw r||s pair (RFC 7518 section 3.4), not the DER the JDK signs by default
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }

  private String base64Der() {
    try {
      // x5c entries are standard base64 of DER, not base64url (RFC 7515 section 4.1.6)
      return Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the signing certificate", e);
    }
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
