package io.berth.testing;

import io.berth.spec.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The base layer containers in berth's tests run from: the statically linked {@code /bin/busybox}
 * of Debian's busybox-static, a symlink per applet, users root, nobody (65534) and app (1000), and
 * the directories a runtime expects.
 */
public final class Busybox {
  public static final Path BINARY = Path.of("/bin/busybox");

  /** The applets linked into /bin. nohup is left out: Debian's busybox-static does not build it. */
  public static final List<String> APPLETS =
      List.of(
          "sh",
          "echo",
          "cat",
          "ls",
          "sleep",
          "true",
          "false",
          "id",
          "env",
          "wc",
          "printf",
          "test",
          "[",
          "kill",
          "ps",
          "touch",
          "mkdir",
          "rm",
          "httpd",
          "nc",
          "wget",
          "stat",
          "sha256sum",
          "find",
          "tar",
          "grep",
          "date",
          "hostname",
          "cut",
          "tr",
          "head",
          "tail",
          "ln",
          "mv",
          "cp",
          "chmod",
          "chown",
          "readlink",
          "df",
          "mount",
          "sync",
          "uname",
          "seq",
          "yes",
          "dd",
          "du",
          "which",
          "xargs",
          "sort",
          "uniq",
          "basename",
          "dirname",
          "whoami",
          "su",
          "sed",
          "awk",
          "vi",
          "timeout",
          "mkfifo",
          "ifconfig",
          "ip",
          "watch",
          "md5sum",
          "free",
          "top",
          "pidof",
          "killall",
          "usleep",
          "nslookup",
          "ping",
          "netstat");

  public static final String PASSWD =
      """
      root:x:0:0:root:/root:/bin/sh
      app:x:1000:1000:app:/home/app:/bin/sh
      nobody:x:65534:65534:nobody:/nonexistent:/bin/false
      """;

  public static final String GROUP =
      """
      root:x:0:
      app:x:1000:
      nogroup:x:65534:
      """;

  public static final String PATH_ENV = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";

  private Busybox() {}

  public static Layer layer() {
    Path binary = requireBinary();
    LayerBuilder layer = Layer.builder();
    for (String dir : List.of("bin", "dev", "etc", "proc", "sys", "run", "var", "usr", "usr/bin")) {
      layer.directory(dir);
    }
    layer.directory("root", EntryAttributes.mode(0700));
    layer.directory("tmp", EntryAttributes.mode(01777));
    layer.directory("home");
    layer.directory("home/app", EntryAttributes.mode(0755).withOwner(1000, 1000));
    layer.file("bin/busybox", new Content.FromFile(binary), EntryAttributes.mode(0755));
    for (String applet : APPLETS) {
      layer.symlink("bin/" + applet, "busybox");
    }
    layer.file("etc/passwd", PASSWD);
    layer.file("etc/group", GROUP);
    layer.file("etc/hostname", "busybox\n");
    return layer.build();
  }

  /** The config of a busybox image: {@code Cmd ["sh"]} and a PATH. */
  public static ImageConfigBuilder config() {
    return ImageConfigBuilder.create().env("PATH", PATH_ENV).cmd("sh").history("busybox base");
  }

  public static ExpectedRootfs expected() {
    List<ExpectedEntry> entries = new ArrayList<>();
    entries.add(
        new ExpectedEntry.File("bin/busybox", digest(requireBinary()), 0755, 0, 0, Map.of()));
    for (String applet : APPLETS) {
      entries.add(new ExpectedEntry.Symlink("bin/" + applet, "busybox"));
    }
    entries.add(ExpectedEntry.File.of("etc/passwd", PASSWD, 0644));
    entries.add(ExpectedEntry.File.of("etc/group", GROUP, 0644));
    entries.add(ExpectedEntry.Directory.of("tmp", 01777));
    entries.add(ExpectedEntry.Directory.of("root", 0700));
    entries.add(new ExpectedEntry.Directory("home/app", 0755, 1000, 1000, Map.of()));
    return new ExpectedRootfs(entries);
  }

  private static Path requireBinary() {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(
          BINARY + " is missing; install it with: apt-get install -y busybox-static");
    }
    return BINARY;
  }

  private static Digest digest(Path file) {
    try {
      return Digest.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
