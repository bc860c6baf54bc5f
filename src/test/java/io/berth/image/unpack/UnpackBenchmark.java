package io.berth.image.unpack;

import io.berth.os.FileTrees;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: a timing program comparing {@link LayerUnpacker} with {@code zcat | tar -xf -} on the
 * same gzip'd tarball, run by the same program, alternating, after one warm-up round each.
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java --enable-native-access=ALL-UNNAMED \
 *   -cp target/test-classes:target/classes:$(cat target/test.cp) \
 *   io.berth.image.unpack.UnpackBenchmark [rounds [output dir [dir under / ...]]]
 * </pre>
 *
 * The default tarball holds {@code usr/include}, {@code usr/lib/python3.11}, {@code usr/share/perl}
 * and {@code usr/share/zoneinfo}: about 13,000 entries, small headers and large libraries, some 210
 * MB uncompressed, like a distribution layer. Both extract into the output directory (default
 * {@code /tmp/berth-unpack-bench}); a tmpfs there takes the disk's noise out.
 */
final class UnpackBenchmark {
  private UnpackBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path work =
        Files.createDirectories(Path.of(args.length > 1 ? args[1] : "/tmp/berth-unpack-bench"));
    List<String> sources =
        args.length > 2
            ? Arrays.asList(args).subList(2, args.length)
            : List.of("usr/include", "usr/lib/python3.11", "usr/share/perl", "usr/share/zoneinfo");
    Path layer =
        Path.of(
            "/tmp/berth-unpack-bench-" + String.join("+", sources).replace('/', '_') + ".tar.gz");
    if (!Files.exists(layer)) {
      List<String> command = new ArrayList<>(List.of("tar", "-C", "/", "-cf", "-"));
      command.addAll(sources);
      run("sh", "-c", String.join(" ", command) + " | gzip -6 > " + layer);
    }
    System.out.printf("layer %s: %d MB compressed%n", layer, Files.size(layer) / 1_000_000);
    List<Double> tarTimes = new ArrayList<>();
    List<Double> berthTimes = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      Path a = fresh(work.resolve("tar"));
      long t0 = System.nanoTime();
      run("sh", "-c", "zcat " + layer + " | tar -xf - -C " + a);
      double tarSeconds = (System.nanoTime() - t0) / 1e9;
      settle(a);

      Path b = fresh(work.resolve("berth"));
      t0 = System.nanoTime();
      UnpackResult result;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(layer), 1 << 16)) {
        result =
            LayerUnpacker.create(UnpackPolicy.defaults().withDeviceNodes(true))
                .unpack(in, Compression.GZIP, b, List.of());
      }
      double berthSeconds = (System.nanoTime() - t0) / 1e9;
      settle(b);
      System.out.printf(
          "round %d%s: zcat|tar %.2f s, berth %.2f s, ratio %.2f (%d entries, %d MB)%n",
          round,
          round == 0 ? " (warm-up)" : "",
          tarSeconds,
          berthSeconds,
          berthSeconds / tarSeconds,
          result.entries(),
          result.uncompressedSize() / 1_000_000);
      if (round > 0) {
        tarTimes.add(tarSeconds);
        berthTimes.add(berthSeconds);
      }
    }
    double tar = median(tarTimes);
    double berth = median(berthTimes);
    System.out.printf(
        "median: zcat|tar %.2f s, berth %.2f s, ratio %.2f%n", tar, berth, berth / tar);
  }

  private static Path fresh(Path dir) throws IOException {
    FileTrees.delete(dir);
    return Files.createDirectories(dir);
  }

  /** Writes back dirty pages so one run's writeback does not slow the next. */
  private static void settle(Path dir) throws Exception {
    run("sync");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: exit " + p.exitValue());
    }
  }
}
