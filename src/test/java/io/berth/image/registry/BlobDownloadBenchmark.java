package io.berth.image.registry;

import com.sun.management.OperatingSystemMXBean;
import io.berth.image.oci.Descriptor;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.testing.RandomImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: measures what a cold {@code berth pull} pays to download one large blob through
 * {@link RegistryClient}, the wall time and the CPU time of the whole process.
 *
 * <p>With no arguments it starts a plain-HTTP registry, pushes an 80 MiB random layer, and runs the
 * measurement in a fresh JVM, so that nothing this harness loaded (it speaks HTTP to the registry
 * too) warms the client up. Run it after {@code mvn test-compile}:
 *
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     io.berth.image.registry.BlobDownloadBenchmark
 * </pre>
 */
final class BlobDownloadBenchmark {
  private static final int ROUNDS = 3;
  private static final int LAYER_BYTES = 80 << 20;

  private BlobDownloadBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 4) {
      measure(
          ImageRef.parse(args[0]),
          Descriptor.of(args[1], Digest.parse(args[2]), Long.parseLong(args[3])));
      return;
    }
    try (TestRegistry registry = TestRegistry.plain()) {
      RandomImage image = TestImages.randomLayer(registry, "x:1", LAYER_BYTES);
      Descriptor layer = image.layer();
      System.out.printf(
          "blob %s, %d bytes, at %s%n", layer.digest(), layer.size(), registry.host());
      Process child =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      BlobDownloadBenchmark.class.getName(),
                      registry.ref("x"),
                      layer.mediaType(),
                      layer.digest().toString(),
                      Long.toString(layer.size())))
              .inheritIO()
              .start();
      if (child.waitFor() != 0) {
        throw new IllegalStateException("the measuring JVM failed");
      }
    }
  }

  private static void measure(ImageRef repo, Descriptor blob) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    RegistryConfig config =
        RegistryConfig.defaults().withHost(HostConfig.of(repo.registry()).withTlsVerify(false));
    byte[] buffer = new byte[256 << 10];
    for (int round = 1; round <= ROUNDS; round++) {
      try (RegistryClient client = RegistryClient.create(config)) {
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        long total = 0;
        try (BlobStream stream = client.openBlob(repo, blob, 0);
            InputStream body = stream.body()) {
          for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
          }
        }
        System.out.printf(
            "round %d: %d ms wall, %d ms process CPU, %d bytes%n",
            round,
            (System.nanoTime() - wall) / 1_000_000,
            (os.getProcessCpuTime() - cpu) / 1_000_000,
            total);
      }
    }
  }
}
