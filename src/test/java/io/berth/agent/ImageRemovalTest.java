package io.berth.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.ApiException;
import io.berth.api.ImageDetails;
import io.berth.api.PruneResult;
import io.berth.api.PullProgress;
import io.berth.api.PullRequest;
import io.berth.api.PullResult;
import io.berth.api.RemoveResult;
import io.berth.spec.Digest;
import io.berth.testing.BerthHome;
import io.berth.testing.PushedImage;
import io.berth.testing.TestImages;
import io.berth.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ImageRemovalTest {
  private static TestRegistry registry;
  private static PushedImage v1;
  private static PushedImage v2;
  private BerthHome home;
  private Engine engine;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.plain();
    v1 = TestImages.busyboxVersion(registry, "app:1", 1);
    v2 = TestImages.busyboxVersion(registry, "app:2", 2);
    TestImages.busyboxVersion(registry, "app:one", 1);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @BeforeEach
  void openBerth() {
    home = BerthHome.create().trust(registry);
    engine = home.engine();
  }

  @AfterEach
  void closeBerth() {
    engine.close();
    home.close();
  }

  private PullResult pull(String reference) {
    return engine.images().pull(PullRequest.of(reference), PullProgress.NONE);
  }

  private Path blob(String digest) {
    return home.root().resolve("blobs/sha256").resolve(Digest.parse(digest).hex());
  }

  private Path snapshot(String chainId) {
    return home.root().resolve("snapshots").resolve(Digest.parse(chainId).hex());
  }

  @Test
  void remove_oneOfTwoReferences_keepsTheImage() {
    pull(registry.ref("app:1"));
    pull(registry.ref("app:one"));
    ImageDetails image = engine.images().inspect(registry.ref("app:1"));
    assertThat(image.image().references()).hasSize(2);

    RemoveResult result = engine.images().remove(registry.ref("app:1"), false);

    assertThat(result.untagged()).containsExactly(registry.ref("app:1"));
    assertThat(result.deleted()).isEmpty();
    assertThat(engine.images().inspect(registry.ref("app:one")).image().references())
        .containsExactly(registry.ref("app:one"));
    image.layers().forEach(l -> assertThat(snapshot(l.chainId())).isDirectory());
  }

  @Test
  void remove_lastReference_deletesWhatNoOtherImageUses() {
    pull(v1.reference());
    pull(v2.reference());
    ImageDetails one = engine.images().inspect(v1.reference());
    ImageDetails two = engine.images().inspect(v2.reference());
    String sharedBase = one.layers().getFirst().chainId();
    assertThat(two.layers().getFirst().chainId()).isEqualTo(sharedBase);

    RemoveResult result = engine.images().remove(v1.reference(), false);

    assertThat(result.deleted()).containsExactly(one.image().manifestDigest());
    assertThat(snapshot(sharedBase)).as("v2 still uses the base").isDirectory();
    assertThat(blob(one.layers().getFirst().digest())).exists();
    assertThat(snapshot(one.layers().get(1).chainId())).doesNotExist();
    assertThat(blob(one.layers().get(1).digest())).doesNotExist();
    assertThat(blob(one.image().id())).as("config").doesNotExist();
    assertThat(blob(one.image().manifestDigest())).as("manifest").doesNotExist();
    assertThatThrownBy(() -> engine.images().inspect(v1.reference()))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NOT_FOUND);

    engine.images().remove(v2.reference(), false);
    assertThat(snapshot(sharedBase)).doesNotExist();
    try (Stream<Path> blobs = Files.list(home.root().resolve("blobs/sha256"))) {
      assertThat(blobs).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void remove_byDigestWithSeveralReferences_needsForce() {
    pull(registry.ref("app:1"));
    pull(registry.ref("app:one"));
    String id = engine.images().inspect(registry.ref("app:1")).image().id();
    String prefix = Digest.parse(id).hex().substring(0, 12);

    assertThatThrownBy(() -> engine.images().remove(prefix, false))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("--force")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.CONFLICT);

    RemoveResult forced = engine.images().remove(prefix, true);
    assertThat(forced.untagged())
        .containsExactlyInAnyOrder(registry.ref("app:1"), registry.ref("app:one"));
    assertThat(forced.deleted()).hasSize(1);
    assertThat(engine.images().list()).isEmpty();
  }

  @Test
  void remove_unknownImage_isNotFound() {
    assertThatThrownBy(() -> engine.images().remove("nothing:here", false))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("no image 'nothing:here'");
  }

  @Test
  void prune_danglingImageAndLeftovers_areRemovedAndUsedOnesKept() throws Exception {
    // app:latest first names v1, then moves to v2: v1 is left without a reference.
    TestImages.busyboxVersion(registry, "moving:latest", 1);
    pull(registry.ref("moving:latest"));
    ImageDetails old = engine.images().inspect(registry.ref("moving:latest"));
    TestImages.busyboxVersion(registry, "moving:latest", 2);
    PullResult moved = pull(registry.ref("moving:latest"));
    assertThat(moved.updated()).isTrue();
    ImageDetails current = engine.images().inspect(registry.ref("moving:latest"));
    assertThat(engine.images().list()).hasSize(2);
    // what an interrupted pull or a crash leaves
    Files.createDirectories(home.root().resolve("snapshots/.tmp-crashed/fs/etc"));
    Files.writeString(home.root().resolve("ingest/sha256-" + "a".repeat(64) + ".partial"), "half");
    Path orphan = home.root().resolve("snapshots").resolve("b".repeat(64)).resolve("fs");
    Files.createDirectories(orphan);

    PruneResult result = engine.images().prune();

    assertThat(result.images()).isEqualTo(1);
    assertThat(result.snapshots()).as("old top layer, the orphan, the crashed one").isEqualTo(3);
    assertThat(result.bytesFreed()).isPositive();
    assertThat(engine.images().list())
        .extracting(i -> i.manifestDigest())
        .containsExactly(current.image().manifestDigest());
    assertThat(snapshot(old.layers().get(1).chainId())).doesNotExist();
    assertThat(orphan.getParent()).doesNotExist();
    assertThat(home.root().resolve("snapshots/.tmp-crashed")).doesNotExist();
    assertThat(home.root().resolve("ingest/sha256-" + "a".repeat(64) + ".partial")).doesNotExist();
    for (var layer : current.layers()) {
      assertThat(snapshot(layer.chainId())).isDirectory();
      assertThat(blob(layer.digest())).exists();
    }
    assertThat(pull(registry.ref("moving:latest")).layersPulled())
        .as("nothing needed was pruned")
        .isZero();
  }

  @Test
  void prune_nothingToDo_removesNothing() {
    pull(v1.reference());
    PruneResult result = engine.images().prune();
    assertThat(result).isEqualTo(new PruneResult(0, 0, 0, 0));
    assertThat(engine.images().list())
        .extracting(i -> i.references())
        .containsExactly(List.of(v1.reference()));
  }
}
