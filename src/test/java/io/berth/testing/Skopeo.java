package io.berth.testing;

import io.berth.image.oci.Manifest;
import io.berth.image.oci.MediaTypes;
import io.berth.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves images between {@link OciLayout}s and a {@link TestRegistry} with the real skopeo, which
 * speaks the registry protocol (auth, TLS, uploads) independently of berth.
 */
public final class Skopeo {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private Skopeo() {}

  /**
   * Pushes the layout's {@code tag} to {@code repositoryAndTag} in the registry, with every image
   * of an index ({@code --all}), and returns what the registry then serves.
   */
  public static PushedImage push(
      OciLayout layout,
      String tag,
      TestRegistry registry,
      String repositoryAndTag,
      PushFormat format) {
    Tools.require("skopeo", "skopeo");
    List<String> argv = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet"));
    boolean index =
        layout
            .tagged(tag)
            .map(d -> MediaTypes.isIndex(d.mediaType()))
            .orElseThrow(
                () -> new IllegalArgumentException("no tag " + tag + " in " + layout.path()));
    if (index) {
      argv.add("--all");
    }
    switch (format) {
      // byte for byte: otherwise skopeo gzips uncompressed layers on the way to a registry
      case AS_WRITTEN -> argv.add("--preserve-digests");
      case DOCKER_V2S2 -> argv.addAll(List.of("--format", "v2s2"));
    }
    argv.addAll(destination(registry));
    argv.add(layout.skopeoReference(tag));
    argv.add("docker://" + registry.ref(repositoryAndTag));
    run(argv, registry);
    return inspect(registry, repositoryAndTag);
  }

  /**
   * Copies an image (all platforms of an index) from the registry into a layout, as {@code tag},
   * byte for byte.
   */
  public static OciLayout pull(
      TestRegistry registry, String repositoryAndTag, OciLayout layout, String tag) {
    return pull(registry, repositoryAndTag, layout, tag, "--preserve-digests");
  }

  /**
   * Copies one image into a layout with OCI media types, converting a Docker schema 2 image (umoci
   * reads OCI manifests only). Digests of converted documents change.
   */
  public static OciLayout pullAsOci(
      TestRegistry registry, String repositoryAndTag, OciLayout layout, String tag) {
    return pull(registry, repositoryAndTag, layout, tag, "--format=oci");
  }

  private static OciLayout pull(
      TestRegistry registry, String repositoryAndTag, OciLayout layout, String tag, String mode) {
    Tools.require("skopeo", "skopeo");
    List<String> argv =
        new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--all", mode));
    argv.addAll(source(registry));
    argv.add("docker://" + registry.ref(repositoryAndTag));
    argv.add(layout.skopeoReference(tag));
    run(argv, registry);
    return layout;
  }

  /**
   * What the registry serves for {@code repositoryAndTag}, read by {@code skopeo inspect --raw}.
   */
  public static PushedImage inspect(TestRegistry registry, String repositoryAndTag) {
    List<String> argv = new ArrayList<>(List.of("skopeo", "--insecure-policy", "inspect", "--raw"));
    argv.addAll(registryOptions(registry, "--creds", "--no-creds", "--cert-dir", "--tls-verify"));
    argv.add("docker://" + registry.ref(repositoryAndTag));
    // --raw prints the manifest exactly as served, so its sha256 is the manifest digest
    byte[] raw = run(argv, registry).getBytes(StandardCharsets.UTF_8);
    int colon = repositoryAndTag.lastIndexOf(':');
    String repository = repositoryAndTag.substring(0, colon);
    String tag = repositoryAndTag.substring(colon + 1);
    return new PushedImage(
        registry.ref(repositoryAndTag),
        repository,
        tag,
        Digest.sha256(raw),
        Manifest.parse(raw, null));
  }

  private static List<String> destination(TestRegistry registry) {
    return registryOptions(
        registry, "--dest-creds", "--dest-no-creds", "--dest-cert-dir", "--dest-tls-verify");
  }

  private static List<String> source(TestRegistry registry) {
    return registryOptions(
        registry, "--src-creds", "--src-no-creds", "--src-cert-dir", "--src-tls-verify");
  }

  private static List<String> registryOptions(
      TestRegistry registry, String creds, String noCreds, String certDir, String tlsVerify) {
    List<String> options = new ArrayList<>();
    // explicit either way, so a stray auth.json on the machine never decides what is sent
    registry
        .credentials()
        .ifPresentOrElse(
            user -> options.addAll(List.of(creds, user.colonSeparated())),
            () -> options.add(noCreds));
    registry
        .tls()
        .ifPresentOrElse(
            tls -> options.addAll(List.of(certDir, tls.certDirectory().toString())),
            () -> options.add(tlsVerify + "=false"));
    return options;
  }

  private static String run(List<String> argv, TestRegistry registry) {
    try {
      return Command.of(argv).withTimeout(TIMEOUT).run();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          e.getMessage()
                  .replace(registry.credentials().map(Credentials::password).orElse("\0"), "****")
              + "\nregistry log (last lines):\n"
              + tail(registry.log(), 30),
          e);
    }
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
  }
}
