package io.berth.testing;

import io.berth.spec.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Detects what a hostile layer managed outside its unpack target. Every escaping entry of {@link
 * HostileLayers} is named after {@link #name()}, aims inside the test's own work directory (or, for
 * {@code link -> /}, at the host root), and hard links aim at {@link #victim()}; so after an unpack
 * attempt, {@link #violations()} finds any file that was created, changed, linked or deleted
 * outside {@link #target()}. Close it to remove anything an attack left at the host root.
 *
 * <pre>{@code
 * try (Canary canary = Canary.plant(workDir)) {
 *   for (HostileLayer attack : HostileLayers.all(canary)) { ... unpack into canary.target() ... }
 *   canary.assertUntouched();
 * }
 * }</pre>
 */
public final class Canary implements AutoCloseable {
  private static final Path PASSWD = Path.of("/etc/passwd");
  private static final String VICTIM_TEXT = "the victim's original content\n";

  private final Path workDir;
  private final String name;
  private final Digest passwdDigest;
  private final int passwdLinks;

  private Canary(Path workDir, String name) {
    this.workDir = workDir;
    this.name = name;
    this.passwdDigest = digest(PASSWD);
    this.passwdLinks = links(PASSWD);
  }

  /** Lays out {@code workDir}: the victim, the whiteout target and an empty unpack target. */
  public static Canary plant(Path workDir) {
    Canary canary = unplanted(workDir);
    try {
      Files.createDirectories(canary.target());
      Files.writeString(canary.victim(), VICTIM_TEXT);
      Files.writeString(canary.whiteoutTarget(), "must survive\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plant the canary in " + workDir, e);
    }
    return canary;
  }

  /** A canary for {@code workDir} that has laid nothing out: enough to name the corpus's cases. */
  static Canary unplanted(Path workDir) {
    return new Canary(
        workDir.toAbsolutePath(), "berth-canary-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Where the test unpacks: three levels below the work directory, so {@code ../..} stays in it.
   */
  public Path target() {
    return workDir.resolve("a/b/rootfs");
  }

  public Path workDir() {
    return workDir;
  }

  /** The prefix of every file name an escaping entry would create. */
  public String name() {
    return name;
  }

  /** A file outside the target that hard link attacks try to link and write through. */
  public Path victim() {
    return workDir.resolve("victim");
  }

  /** A file next to the target's parents that traversing whiteouts try to delete. */
  public Path whiteoutTarget() {
    return workDir.resolve("a/" + name + "-whiteout-target");
  }

  /** Everything an attack achieved outside the target; empty when nothing did. */
  public List<String> violations() {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(workDir)) {
      files
          .filter(p -> !p.startsWith(target()))
          .filter(p -> p.getFileName().toString().startsWith(name))
          .filter(p -> !p.equals(whiteoutTarget()))
          .forEach(p -> found.add("created outside the target: " + p));
    } catch (IOException e) {
      found.add("cannot walk " + workDir + ": " + e);
    }
    found.addAll(rootEscapes().stream().map(p -> "created at the host root: " + p).toList());
    if (!Files.isRegularFile(victim(), LinkOption.NOFOLLOW_LINKS)) {
      found.add("victim replaced or deleted: " + victim());
    } else {
      if (!read(victim()).equals(VICTIM_TEXT)) {
        found.add("victim written through: " + victim());
      }
      if (links(victim()) != 1) {
        found.add("victim hard-linked (" + links(victim()) + " links): " + victim());
      }
    }
    if (!Files.exists(whiteoutTarget())) {
      found.add("deleted outside the target: " + whiteoutTarget());
    }
    if (!Files.isDirectory(target().getParent())) {
      found.add("deleted the target's parent: " + target().getParent());
    }
    if (!digest(PASSWD).equals(passwdDigest)) {
      found.add("/etc/passwd changed");
    }
    if (links(PASSWD) != passwdLinks) {
      found.add("/etc/passwd hard-linked (%d links, was %d)".formatted(links(PASSWD), passwdLinks));
    }
    return found;
  }

  public void assertUntouched() {
    List<String> found = violations();
    if (!found.isEmpty()) {
      throw new AssertionError(
          "a hostile layer escaped its target:\n  " + String.join("\n  ", found));
    }
  }

  /** Removes what attacks created at the host root, and hard links to /etc/passwd in the target. */
  @Override
  public void close() {
    for (Path escaped : rootEscapes()) {
      TempDirectory.deleteRecursively(escaped);
    }
  }

  private List<Path> rootEscapes() {
    try (Stream<Path> entries = Files.list(Path.of("/"))) {
      return entries.filter(p -> p.getFileName().toString().startsWith(name)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static int links(Path file) {
    try {
      return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Digest digest(Path file) {
    try {
      return Digest.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
