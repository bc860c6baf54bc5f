package io.berth.cli;

import io.berth.api.ApiException;
import io.berth.auth.ApiToken;
import io.berth.auth.ApiTokens;
import io.berth.spec.Durations;
import io.berth.spec.KvAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth token create|ls|revoke}: the API tokens of the remote API, kept (hashed) in the
 * agent's database under {@code --root}. Managed on the agent's host, as root: a remote client
 * cannot mint itself tokens.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "API tokens for the remote API (berth agent --listen), on the agent's host.",
    subcommands = {TokenCommand.Create.class, TokenCommand.Ls.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static ApiTokens open(CommandLine.Model.CommandSpec spec) {
    GlobalOptions options = Main.of(spec);
    if (options.host != null && !options.host.isBlank()) {
      throw ApiException.badRequest(
          "tokens are managed on the agent's host, where its database is: run 'berth token'"
              + " there, without --host (or BERTH_HOST)");
    }
    try {
      return ApiTokens.open(options.settings().database());
    } catch (IOException e) {
      throw new ApiException(ApiException.Kind.INTERNAL, e.getMessage(), e);
    }
  }

  /** {@code berth token create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Make a token; it is printed once, and only its hash is kept.")
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "read|admin",
        description = "read: GET requests only; admin: everything.")
    String role;

    @Option(names = "--name", paramLabel = "NAME", description = "What the token is for.")
    String name;

    @Option(
        names = "--expires",
        paramLabel = "DURATION",
        description = "How long it works: 30d, 12h, 90m (default: until revoked).")
    String expires;

    @Option(
        names = "--kv-prefix",
        paramLabel = "DIR",
        description =
            "Limit the token to /v1/kv under this directory of the configuration store, such as"
                + " /org/myorg/app/; every other path and route is refused.")
    String kvPrefix;

    @Option(
        names = "--kv-secrets",
        description =
            "Let the token reveal secrets of the configuration store (?reveal); an admin token"
                + " always may, a read token only with this.")
    boolean kvSecrets;

    @Override
    public Integer call() throws IOException {
      if (kvPrefix != null) {
        try {
          kvPrefix = KvAccess.prefix(kvPrefix);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--kv-prefix: " + e.getMessage());
        }
      }
      if (!role.equals("read") && !role.equals("admin")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--role is read or admin, got '" + role + "'");
      }
      Duration lifetime = null;
      if (expires != null) {
        try {
          lifetime =
              expires.strip().matches("[0-9]+d")
                  ? Duration.ofDays(Long.parseLong(expires.strip().replace("d", "")))
                  : Durations.parse(expires, false);
          if (lifetime.isZero()) {
            throw new IllegalArgumentException("a token that expires at once is no token");
          }
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--expires: " + e.getMessage());
        }
      }
      try (ApiTokens tokens = open(spec)) {
        ApiToken.Created created = tokens.create(role, name, lifetime, kvPrefix, kvSecrets);
        PrintWriter out = spec.commandLine().getOut();
        out.println(created.secret());
        spec.commandLine()
            .getErr()
            .printf(
                "token %s (%s%s)%s: shown once, keep it now%n",
                created.token().id(),
                role,
                scope(created.token()),
                created.token().expires() == null ? "" : ", expires " + created.token().expires());
      }
      return 0;
    }
  }

  private static String scope(ApiToken token) {
    return (token.kvPrefix() == null ? "" : ", kv " + token.kvPrefix() + " only")
        + (token.kvSecrets() ? ", reveals secrets" : "");
  }

  /** {@code berth token ls}. */
  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the tokens.")
  static final class Ls implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      try (ApiTokens tokens = open(spec)) {
        Table table = new Table("ID", "NAME", "ROLE", "KV", "CREATED", "EXPIRES", "LAST USED");
        Instant now = Instant.now();
        for (ApiToken token : tokens.list()) {
          table.row(
              token.id(),
              token.name(),
              token.role(),
              token.kvPrefix() == null
                  ? (token.kvSecrets() ? "* secrets" : "*")
                  : token.kvPrefix() + (token.kvSecrets() ? " secrets" : ""),
              token.created().toString(),
              token.expires() == null
                  ? "never"
                  : token.expires() + (token.expiredAt(now) ? " (expired)" : ""),
              token.lastUsed() == null ? "never" : token.lastUsed().toString());
        }
        table.print(spec.commandLine().getOut());
      }
      return 0;
    }
  }

  /** {@code berth token revoke}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Delete a token: the next request with it is refused.")
  static final class Revoke implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "As 'berth token ls' shows it.")
    String id;

    @Override
    public Integer call() throws IOException {
      try (ApiTokens tokens = open(spec)) {
        if (!tokens.revoke(id)) {
          throw ApiException.notFound("no token " + id + "; 'berth token ls' lists them");
        }
        spec.commandLine().getOut().println(id);
      }
      return 0;
    }
  }
}
