package io.berth.runtime;

import io.berth.api.LogLine;
import io.berth.runtime.spec.OciProcess;
import io.berth.runtime.spec.OciSpecBuilder;
import io.berth.runtime.spec.UserDatabase;
import io.berth.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code runc exec} of one command in a running container: the container's own process settings
 * (capabilities, rlimits, no-new-privileges, seccomp) with the command, user, environment and
 * working directory asked for. runc stays the command's parent and waits for it, so its pipes can
 * be the JDK's; runc's own errors go to a log file of their own, so they are never mistaken for the
 * command's output.
 */
final class Exec {
  private Exec() {}

  static ContainerRuntime.ExitRecord run(
      Runc runc,
      ContainerRecord record,
      ContainerDirs dirs,
      List<String> command,
      Map<String, String> env,
      String user,
      String workdir,
      Consumer<LogLine> output,
      Live container)
      throws IOException {
    OciProcess base = TaskSpawner.baseProcess(dirs);
    UserDatabase users =
        UserDatabase.parse(read(dirs.rootfs(), "/etc/passwd"), read(dirs.rootfs(), "/etc/group"));
    OciProcess process;
    try {
      process =
          OciSpecBuilder.execProcess(base, command, env, user, workdir, users, record.imageRef());
    } catch (IllegalArgumentException e) {
      throw new ContainerException(ContainerException.Kind.INVALID, e.getMessage(), e);
    }
    String name = "exec-" + UUID.randomUUID();
    Path processFile = dirs.bundle().resolve(name + ".json");
    Path log = dirs.bundle().resolve(name + ".log");
    Files.write(processFile, Json.lenient().writeValueAsBytes(process));
    try {
      List<String> argv = new ArrayList<>(runc.base());
      argv.addAll(
          List.of(
              "--log", log.toString(), "exec", "--process", processFile.toString(), record.id()));
      Process runcExec =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      Thread out = pump(runcExec.getInputStream(), "stdout", output);
      Thread err = pump(runcExec.getErrorStream(), "stderr", output);
      int code;
      try {
        code = runcExec.waitFor();
        out.join(TimeUnit.SECONDS.toMillis(10));
        err.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        runcExec.destroy();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running " + command.getFirst(), e);
      }
      String runcError = RuncErrors.read(log);
      if (!runcError.isBlank()) {
        throw RuncErrors.classify(runcError, command.getFirst());
      }
      return new ContainerRuntime.ExitRecord(record.id(), record.name(), code, null);
    } finally {
      Files.deleteIfExists(processFile);
      Files.deleteIfExists(log);
    }
  }

  private static Thread pump(InputStream in, String stream, Consumer<LogLine> output) {
    return Thread.ofVirtual()
        .start(
            () -> {
              LineSplitter lines = new LineSplitter(stream, 16 << 10, output);
              byte[] buffer = new byte[8192];
              try (in) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  lines.accept(buffer, 0, n);
                }
              } catch (IOException e) {
                // the pipe closed: the process is gone
              }
              lines.finish();
            });
  }

  static String read(Path root, String path) throws IOException {
    try {
      return new String(io.berth.os.RootedFiles.read(root, path, 4 << 20), StandardCharsets.UTF_8);
    } catch (io.berth.os.ErrnoException e) {
      if (e.errno() == io.berth.os.Errno.ENOENT) {
        return null;
      }
      throw e;
    }
  }
}
