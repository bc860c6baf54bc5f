package io.berth.cli;

import io.berth.testing.BerthHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the berth command in-process, as a user would type it, and keeps what it printed. */
final class Cli {
  private final BerthHome home;

  Cli(BerthHome home) {
    this.home = home;
  }

  Result run(String... args) {
    List<String> argv = new ArrayList<>();
    if (home != null) {
      argv.addAll(home.cliOptions());
    }
    argv.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            argv.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** Exit code and output of one command. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
