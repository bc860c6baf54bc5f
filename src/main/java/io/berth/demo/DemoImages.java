package io.berth.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small images for the demo, built the way a user without Docker would: umoci lays out an OCI image
 * from a busybox-static root filesystem, skopeo pushes it.
 */
public final class DemoImages {
  private static final List<String> APPLETS =
      List.of(
          "sh",
          "ls",
          "cat",
          "echo",
          "sleep",
          "true",
          "false",
          "id",
          "env",
          "wc",
          "printf",
          "test",
          "kill",
          "ps",
          "touch",
          "mkdir",
          "rm",
          "httpd",
          "nc",
          "wget",
          "date",
          "hostname",
          "uname",
          "head",
          "tail",
          "grep",
          "sed",
          "awk",
          "stat",
          "ln",
          "cp",
          "mv",
          "chmod",
          "chown");
  private final Path work;

  public DemoImages(Path work) {
    this.work = work;
  }

  /**
   * Builds a busybox image whose {@code /app/version} holds {@code version}, with {@code cmd} as
   * its command, and pushes it as {@code registry/repository:tag}. The busybox layer is the same
   * for every version, so a second version shares it.
   */
  public String push(
      LocalRegistry registry, String repositoryAndTag, String version, List<String> cmd)
      throws IOException {
    Path layout = work.resolve("layout");
    ensureBase(layout);
    String tag = "v" + Integer.toUnsignedString((repositoryAndTag + "\0" + version).hashCode(), 36);
    Tool.UMOCI.run(List.of("tag", "--image", layout + ":base", tag));
    Path bundle = work.resolve("bundle-" + tag);
    Tool.UMOCI.run(List.of("unpack", "--image", layout + ":" + tag, bundle.toString()));
    Path app = Files.createDirectories(bundle.resolve("rootfs/app"));
    Files.writeString(app.resolve("version"), version + "\n");
    Files.writeString(
        app.resolve("index.html"), "<h1>berth demo</h1><p>version " + version + "</p>\n");
    Tool.UMOCI.run(List.of("repack", "--image", layout + ":" + tag, bundle.toString()));
    List<String> config = new ArrayList<>(List.of("config", "--image", layout + ":" + tag));
    config.add("--config.workingdir=/app");
    config.add("--config.label=org.opencontainers.image.version=" + version);
    for (String arg : cmd) {
      config.add("--config.cmd=" + arg);
    }
    Tool.UMOCI.run(config);
    String target = registry.host() + "/" + repositoryAndTag;
    Tool.SKOPEO.run(
        List.of(
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
            "oci:" + layout + ":" + tag,
            "docker://" + target));
    return target;
  }

  /** The busybox layer, made once: every version stacks on the same one and shares it. */
  private void ensureBase(Path layout) throws IOException {
    if (Files.exists(layout)) {
      return;
    }
    Tool.UMOCI.run(List.of("init", "--layout", layout.toString()));
    Tool.UMOCI.run(List.of("new", "--image", layout + ":base"));
    Path bundle = work.resolve("bundle-base");
    Tool.UMOCI.run(List.of("unpack", "--image", layout + ":base", bundle.toString()));
    populateBusybox(bundle.resolve("rootfs"));
    Tool.UMOCI.run(List.of("repack", "--image", layout + ":base", bundle.toString()));
  }

  private static void populateBusybox(Path rootfs) throws IOException {
    Path bin = rootfs.resolve("bin");
    Files.createDirectories(bin);
    Files.copy(
        Tool.BUSYBOX.path(),
        bin.resolve("busybox"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (String applet : APPLETS) {
      Path link = bin.resolve(applet);
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of("busybox"));
      }
    }
    Path etc = Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\nnobody:x:65534:\n");
    Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
    Files.setAttribute(tmp, "unix:mode", 01777);
  }
}
