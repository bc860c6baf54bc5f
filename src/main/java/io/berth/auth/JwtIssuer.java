package io.berth.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived JWTs (RFC 7519) for users who logged in: HS256 with a 256-bit key kept under the
 * agent's root (mode 0600), claims {@code sub}, {@code role}, {@code iat}, {@code exp}. Only this
 * agent issues and checks them, so a shared-key MAC is all that is needed; the header is fixed and
 * a token with any other {@code alg} is refused.
 */
public final class JwtIssuer {
  static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  private static final String HEADER =
      b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.lenient();

  private final byte[] key;
  private final Duration lifetime;
  private final InstantSource clock;

  JwtIssuer(byte[] key, Duration lifetime, InstantSource clock) {
    this.key = key.clone();
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** The issuer whose key is {@code keyFile}, made on first use. */
  public static JwtIssuer open(Path keyFile, Duration lifetime) throws IOException {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    SecretFiles.create(keyFile, fresh);
    byte[] key = Files.readAllBytes(keyFile);
    if (key.length < 32) {
      throw new IOException(
          "the JWT key %s is shorter than 256 bits: remove it and a new one is made"
              .formatted(keyFile));
    }
    return new JwtIssuer(key, lifetime, InstantSource.system());
  }

  /** A signed token for {@code subject} with {@code role}. */
  public Issued issue(String subject, String role) {
    return issue(subject, role, null);
  }

  /**
   * A signed token for {@code subject} with {@code role}, reaching only the configuration store
   * under {@code kvPrefix} when it is not null.
   */
  public Issued issue(String subject, String role, String kvPrefix) {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant expires = now.plus(lifetime);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    claims.put("role", role);
    if (kvPrefix != null) {
      claims.put("kvPrefix", kvPrefix);
    }
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", expires.getEpochSecond());
    String payload;
    try {
      payload = b64(MAPPER.writeValueAsBytes(claims));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String signed = HEADER + "." + payload;
    return new Issued(signed + "." + b64(mac(signed)), expires);
  }

  /** A token and when it expires. */
  public record Issued(String token, Instant expires) {
    @Override
    public String toString() {
      return "Issued[token=<secret>, expires=" + expires + "]";
    }
  }

  /** The claims a valid token carries; {@code kvPrefix} is null for the whole API. */
  public record Claims(String subject, String role, Instant expires, String kvPrefix) {}

  /**
   * The claims of {@code token} when its signature is this agent's; throws with the reason (bad
   * form, bad signature, expired) otherwise.
   */
  public Claims verify(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(HEADER)) {
      throw new IllegalArgumentException("not a token this agent issued");
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a token this agent issued");
    }
    if (!MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), given)) {
      throw new IllegalArgumentException("the token's signature is not this agent's");
    }
    JsonNode claims;
    try {
      claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the token's claims are not JSON");
    }
    Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong(0));
    if (!clock.instant().isBefore(expires)) {
      throw new IllegalArgumentException("the token expired at " + expires + "; log in again");
    }
    return new Claims(
        Optional.ofNullable(claims.path("sub").textValue()).orElse("?"),
        claims.path("role").asText(""),
        expires,
        claims.path("kvPrefix").textValue());
  }

  private byte[] mac(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
