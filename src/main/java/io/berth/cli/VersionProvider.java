package io.berth.cli;

import picocli.CommandLine;

/** berth's version, from the jar's manifest when built, else "dev". */
final class VersionProvider implements CommandLine.IVersionProvider {
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"berth " + version() + " (Java " + Runtime.version() + ")"};
  }
}
