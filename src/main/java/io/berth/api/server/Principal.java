package io.berth.api.server;

/**
 * Who sends a request, as an {@link Authenticator} proved it, and what it may do.
 *
 * @param name for logs and audit: {@code local root}, a token's subject
 * @param role what the principal may ask
 * @param kvPrefix when not null, the only requests allowed are to {@code /v1/kv} under this
 *     directory of the configuration store (such as {@code /org/myorg/app/})
 * @param kvSecrets whether it may reveal secrets of the store (an admin always may)
 */
public record Principal(String name, Role role, String kvPrefix, boolean kvSecrets) {
  static final String KV = "/v1/kv";

  /** Whoever reaches the Unix socket: only root can (the socket is 0600 root). */
  public static final Principal LOCAL_ROOT = new Principal("local root", Role.ADMIN);

  /** A caller who has not proved anything yet: it may only log in. */
  public static final Principal ANONYMOUS = new Principal("anonymous", Role.LOGIN);

  public Principal {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a principal needs a name");
    }
    if (role == null) {
      throw new IllegalArgumentException("a principal needs a role");
    }
    if (kvPrefix != null && !(kvPrefix.startsWith("/") && kvPrefix.endsWith("/"))) {
      throw new IllegalArgumentException("a kv prefix is a directory: /org/myorg/app/");
    }
  }

  public Principal(String name, Role role) {
    this(name, role, null, false);
  }

  public Principal(String name) {
    this(name, Role.ADMIN);
  }

  /**
   * Whether this principal may send {@code method} to {@code path} (percent-decoded: a kv prefix is
   * compared with the key the route will read).
   */
  public boolean allows(String method, String path) {
    if (kvPrefix != null && !path.startsWith(KV + kvPrefix)) {
      return false;
    }
    return switch (role) {
      case ADMIN -> true;
      case READ -> method.equals("GET") || method.equals("HEAD");
      case HOOK -> method.equals("POST") && path.startsWith("/v1/hooks/");
      case LOGIN -> method.equals("POST") && path.equals(AuthRoutes.LOGIN);
    };
  }

  /** Whether it may read secrets' values ({@code ?reveal}). */
  public boolean mayRevealSecrets() {
    return role == Role.ADMIN || kvSecrets;
  }

  /** What a principal may do. */
  public enum Role {
    /** Everything. */
    ADMIN,
    /** Reads only. */
    READ,
    /** Only the webhooks a registry calls. */
    HOOK,
    /** Only logging in. */
    LOGIN
  }
}
