package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.ApiException;
import io.berth.api.PullProgress;
import io.berth.api.PullRequest;
import io.berth.testing.BerthHome;
import io.berth.testing.Canary;
import io.berth.testing.HostileLayer;
import io.berth.testing.HostileLayers;
import io.berth.testing.PushedImage;
import io.berth.testing.TempDirectory;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attack of the hostile-layer corpus, pulled through the whole path from a real registry: the
 * pull fails naming the rule, nothing lands outside berth's snapshot directory, and no snapshot or
 * blob of the hostile layer is kept.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileImagePullTest {
  private static TestRegistry registry;
  private static TempDirectory work;

  @BeforeAll
  static void start() {
    registry = TestRegistry.plain();
    work = TempDirectory.create("berth-hostile-");
  }

  @AfterAll
  static void stop() {
    registry.close();
    work.close();
  }

  static Stream<String> cases() {
    try (Canary canary = Canary.plant(work.subdirectory("names"))) {
      return HostileLayers.all(canary).stream().map(HostileLayer::name).toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pull_hostileLayer_isRefusedAndNothingEscapes(String name) throws Exception {
    Path workDir = work.subdirectory(name);
    try (Canary canary = Canary.plant(workDir)) {
      HostileLayer attack = HostileLayers.named(canary, name);
      // berth's root sits where the canary watches: a snapshot unpacks at
      // <root>/snapshots/.tmp-*/fs, so an escape lands in the canary's work directory.
      boolean devicesForbidden = attack.refused() == HostileLayer.Refused.WHEN_DEVICES_FORBIDDEN;
      boolean sizeLimited = attack.refused() == HostileLayer.Refused.WHEN_SIZE_LIMITED;
      try (BerthHome home =
              BerthHome.create()
                  .trust(registry)
                  .allowDeviceNodes(!devicesForbidden)
                  .maxLayerBytes(sizeLimited ? 64L << 20 : 32L << 30);
          Engine engine = engineAt(home, workDir.resolve("a"))) {
        PushedImage pushed = TestImages.hostile(registry, "hostile:" + name, attack);

        if (attack.refused() == HostileLayer.Refused.NEVER) {
          engine.images().pull(PullRequest.of(pushed.reference()), PullProgress.NONE);
          // The entries land in berth's snapshots, inside the canary's work directory: those are
          // where they belong. Anything else is an escape.
          String inSnapshots = "created outside the target: " + workDir.resolve("a/snapshots");
          assertThat(canary.violations()).allMatch(v -> v.startsWith(inSnapshots));
          return;
        }
        assertThatThrownBy(
                () -> engine.images().pull(PullRequest.of(pushed.reference()), PullProgress.NONE))
            .isInstanceOf(ApiException.class)
            .hasMessageContaining(attack.errorWord());

        canary.assertUntouched();
        Path snapshots = workDir.resolve("a/snapshots");
        try (Stream<Path> left = Files.list(snapshots)) {
          assertThat(left).as("no snapshot committed or left half-done").isEmpty();
        }
        for (var layer : pushed.imageManifest().layers()) {
          assertThat(workDir.resolve("a/blobs/sha256").resolve(layer.digest().hex()))
              .as("the hostile layer's blob is discarded")
              .doesNotExist();
        }
        assertThat(engine.images().list()).isEmpty();
      }
    }
  }

  private static Engine engineAt(BerthHome home, Path root) throws Exception {
    var s = home.settings();
    return Engine.open(
        new Settings(
            root,
            s.state(),
            s.registries(),
            s.dockerConfig(),
            s.parallelLayers(),
            s.maxLayerBytes(),
            s.allowDeviceNodes()));
  }
}
