package io.berth.cli;

import io.berth.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth auth hash-password}: a hash for the config's {@code auth.users}. */
@Command(
    name = "auth",
    mixinStandardHelpOptions = true,
    description = "Users of the remote API.",
    subcommands = {AuthCommand.HashPassword.class})
final class AuthCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code berth auth hash-password}. */
  @Command(
      name = "hash-password",
      mixinStandardHelpOptions = true,
      description = {
        "Read a password (typed without echo, or one line of standard input) and print its hash",
        "(PBKDF2-HMAC-SHA256) for auth.users.NAME.passwordHash in the config."
      })
  static final class HashPassword implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      char[] password = read();
      try {
        if (password == null || password.length == 0) {
          throw io.berth.api.ApiException.badRequest("no password given");
        }
        spec.commandLine().getOut().println(PasswordHash.hash(password));
      } finally {
        if (password != null) {
          Arrays.fill(password, '\0');
        }
      }
      return 0;
    }

    private static char[] read() throws IOException {
      Console console = System.console();
      if (console != null && console.isTerminal()) {
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, again)) {
          throw io.berth.api.ApiException.badRequest("the passwords differ");
        }
        return first;
      }
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? null : line.toCharArray();
    }
  }
}
