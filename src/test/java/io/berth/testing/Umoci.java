package io.berth.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The umoci commands the harness uses, run as root (so owners and device nodes survive). */
public final class Umoci {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private Umoci() {}

  /** A new layout with an empty image (no layers) tagged {@code tag}. */
  public static OciLayout init(Path layoutDir, String tag) {
    run("init", "--layout", layoutDir.toString());
    run("new", "--image", layoutDir + ":" + tag);
    return OciLayout.open(layoutDir);
  }

  /** Unpacks the image into a runtime bundle; its root filesystem is {@code bundle/rootfs}. */
  public static Path unpack(OciLayout layout, String tag, Path bundle) {
    run("unpack", "--image", layout.path() + ":" + tag, bundle.toString());
    return bundle.resolve("rootfs");
  }

  /**
   * Adds what changed in the bundle's rootfs since it was unpacked as a new layer of {@code tag}.
   */
  public static void repack(OciLayout layout, String tag, Path bundle, String history) {
    run(
        "repack",
        "--image",
        layout.path() + ":" + tag,
        "--history.created_by",
        history,
        bundle.toString());
  }

  /** {@code umoci config} with options such as {@code --config.cmd=sh}. */
  public static void config(OciLayout layout, String tag, String... options) {
    List<String> args = new ArrayList<>(List.of("config", "--image", layout.path() + ":" + tag));
    args.addAll(List.of(options));
    run(args.toArray(String[]::new));
  }

  private static void run(String... args) {
    Tools.require("umoci", "umoci");
    List<String> argv = new ArrayList<>(List.of("umoci"));
    argv.addAll(List.of(args));
    Command.of(argv).withTimeout(TIMEOUT).run();
  }
}
