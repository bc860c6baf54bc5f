package io.berth.runtime.spec;

import io.berth.testing.Busybox;
import io.berth.testing.Command;
import io.berth.testing.TempDirectory;
import io.berth.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A bundle runc runs for real: a busybox root filesystem (every applet, users root, app and nobody,
 * app in the groups staff and audio), the generated /etc files, a runc state directory of its own,
 * and a fresh container id. {@link #close()} deletes the runc container and every directory.
 */
final class RuncBundle implements AutoCloseable {
  static final String PASSWD =
      """
      root:x:0:0:root:/root:/bin/sh
      app:x:1000:1000:app:/home/app:/bin/sh
      nobody:x:65534:65534:nobody:/nonexistent:/bin/false
      """;

  static final String GROUP =
      """
      root:x:0:
      staff:x:50:app
      audio:x:63:app
      app:x:1000:
      nogroup:x:65534:
      """;

  private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

  final String id;
  final Path runc;
  final Path rootfs;
  final Path bundle;
  final Path files;
  private final TempDirectory dir;
  private final Path state;

  private RuncBundle(TempDirectory dir) {
    this.dir = dir;
    this.runc = Tools.require("runc", "runc");
    this.id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "-spectest";
    this.rootfs = dir.subdirectory("bundle/rootfs");
    this.bundle = dir.resolve("bundle");
    this.files = dir.subdirectory("files");
    this.state = dir.subdirectory("runc");
  }

  static RuncBundle create() {
    TempDirectory dir = TempDirectory.create("berth-runc-");
    try {
      RuncBundle bundle = new RuncBundle(dir);
      bundle.writeRootfs();
      return bundle;
    } catch (RuntimeException | IOException e) {
      dir.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private void writeRootfs() throws IOException {
    Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String d : List.of("bin", "dev", "proc", "sys", "etc", "mnt", "root", "run", "home/app")) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.setPosixFilePermissions(
        rootfs.resolve("root"), PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(rootfs.resolve("home/app"), "unix:uid", 1000);
    Files.setAttribute(rootfs.resolve("home/app"), "unix:gid", 1000);
    Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
    Files.setAttribute(tmp, "unix:mode", 01777);
    Path busybox = rootfs.resolve("bin/busybox");
    Files.copy(Busybox.BINARY, busybox, StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : Command.of(Busybox.BINARY.toString(), "--list").run().split("\n")) {
      if (!applet.isBlank() && !applet.equals("busybox")) {
        Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
      }
    }
    Files.writeString(rootfs.resolve("etc/passwd"), PASSWD);
    Files.writeString(rootfs.resolve("etc/group"), GROUP);
    Files.writeString(files.resolve("hosts"), "127.0.0.1\tlocalhost\n");
    Files.writeString(files.resolve("hostname"), "generated-name\n");
    Files.writeString(files.resolve("resolv.conf"), "nameserver 127.0.0.53\n");
  }

  /** An image and run options for this bundle: busybox's Cmd ["sh"], the real host's facts. */
  SpecFixture fixture() {
    SpecFixture fixture = SpecFixture.image();
    fixture.id = id;
    fixture.rootfs = rootfs;
    fixture.files = GeneratedFiles.in(files);
    fixture.passwd = read(rootfs.resolve("etc/passwd"));
    fixture.group = read(rootfs.resolve("etc/group"));
    fixture.host = HostProbe.facts();
    return fixture;
  }

  /** Writes config.json and runs the container to its end. */
  Result run(OciSpec spec) {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process process = start(spec, out, err);
    try {
      if (!process.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        process.destroyForcibly();
        throw new AssertionError(
            "the container did not finish within %s:%n%s%s"
                .formatted(RUN_LIMIT, read(out), read(err)));
      }
      return new Result(process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      delete();
    }
  }

  /** Writes config.json and starts {@code runc run}, its output in {@code out} and {@code err}. */
  Process start(OciSpec spec, Path out, Path err) {
    try {
      Files.write(bundle.resolve("config.json"), spec.toJson());
      return new ProcessBuilder(
              runc.toString(), "--root", state.toString(), "run", "--bundle", bundle.toString(), id)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start runc", e);
    }
  }

  /** The container's state as {@code runc state} reports it, or null when runc has none. */
  String state() {
    try {
      return Command.of(runc.toString(), "--root", state.toString(), "state", id).run();
    } catch (IllegalStateException e) {
      return null;
    }
  }

  void kill() {
    try {
      Command.of(runc.toString(), "--root", state.toString(), "kill", id, "KILL").run();
    } catch (IllegalStateException e) {
      // already gone
    }
  }

  private void delete() {
    try {
      Command.of(runc.toString(), "--root", state.toString(), "delete", "-f", id).run();
    } catch (IllegalStateException e) {
      // runc run removes the container when it ends; there is nothing left to delete
    }
  }

  @Override
  public void close() {
    try {
      delete();
    } finally {
      dir.close();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How a container ended and what it wrote. */
  record Result(int exitCode, String stdout, String stderr) {
    Result succeeded() {
      if (exitCode != 0) {
        throw new AssertionError(
            "the container exited with %d:%n%s%s".formatted(exitCode, stdout, stderr));
      }
      return this;
    }

    @Override
    public String toString() {
      return "exit %d%nstdout:%n%s%nstderr:%n%s".formatted(exitCode, stdout, stderr);
    }
  }
}
