package io.berth.config;

import io.berth.spec.BerthConfig;
import io.berth.spec.BerthConfig.RegistryEntry;
import io.berth.spec.ContainerSpec;
import io.berth.spec.ContainerSpec.Network;
import io.berth.spec.ImageRef;
import io.berth.spec.ServiceSpec;
import io.berth.spec.ServiceSpec.StopPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frontloader's primary config, taken as it is: one {@code container} (the image as a manifest
 * URL), Docker Hub credentials under {@code docker}, and {@code kernel} and {@code volumes}, which
 * berth reports as warnings because it does not do them yet.
 *
 * <p>What Frontloader promised stays true: the root filesystem is read-only, the container shares
 * the host's network (Frontloader gave it no other), and it is stopped with TERM and never KILLed,
 * so it may take all the time it needs to shut down.
 */
final class FrontloaderFormat {
  static final Set<String> MARKERS = Set.of("container", "docker", "kernel");
  private static final Set<String> SECTIONS = Set.of("container", "docker", "kernel", "volumes");
  private static final Set<String> CONTAINER =
      Set.of("manifest", "command", "uid", "gid", "capabilities", "mounts", "environment");
  private static final Set<String> DOCKER = Set.of("username", "password");
  private static final Set<String> VOLUME =
      Set.of("path", "device", "fstype", "options", "uid", "gid");
  private static final StopPolicy TERM_NEVER_KILL = new StopPolicy("SIGTERM", null, true);

  private FrontloaderFormat() {}

  /** Whether a document is Frontloader's: it has one of the sections berth's format lacks. */
  static boolean recognises(Field root) {
    return root.isMap() && root.members().keySet().stream().anyMatch(MARKERS::contains);
  }

  static BerthConfig read(Field root) {
    root.only(SECTIONS);
    Map<String, RegistryEntry> registries = new LinkedHashMap<>();
    Field docker = root.child("docker");
    if (docker.present()) {
      docker.members();
      docker.only(DOCKER);
      String username = docker.child("username").requiredString("the Docker Hub user name");
      String password =
          docker
              .child("password")
              .secret()
              .orElseThrow(() -> docker.child("password").missing("the Docker Hub password"));
      registries.put(ImageRef.DOCKER_HUB, new RegistryEntry(username, password, null, null, null));
    }
    Field kernel = root.child("kernel");
    if (kernel.present()) {
      kernel.warn(
          "berth runs on the host's kernel and does not install or boot one: this section is"
              + " ignored");
    }
    for (Field volume : root.child("volumes").items()) {
      volume(volume);
    }
    Field container = root.child("container");
    if (!container.present()) {
      throw container.missing("the container to run, with its manifest URL");
    }
    ServiceSpec service = service(container, registries);
    try {
      return new BerthConfig(
          registries, List.of(), Map.of(service.name(), service), root.doc().source());
    } catch (IllegalArgumentException e) {
      throw root.fail(e.getMessage(), e);
    }
  }

  private static ServiceSpec service(Field container, Map<String, RegistryEntry> registries) {
    container.members();
    container.only(CONTAINER);
    Field manifestField = container.child("manifest");
    ManifestUrl manifest =
        ManifestUrl.parse(
            manifestField, manifestField.requiredString("the URL of the image's manifest"));
    if (manifest.plainHttp()) {
      RegistryEntry login = registries.get(manifest.image().registry());
      registries.put(
          manifest.image().registry(),
          login == null
              ? new RegistryEntry(null, null, null, false, null)
              : new RegistryEntry(login.username(), login.password(), null, false, null));
    }
    String repository = manifest.image().repository();
    String name = repository.substring(repository.lastIndexOf('/') + 1);
    ContainerSpec spec;
    try {
      spec =
          new ContainerSpec(
              manifest.image().toString(),
              null,
              null,
              Values.command(container.child("command")),
              EnvValues.read(container.child("environment")),
              Mounts.read(container.child("mounts"), Map.of()),
              ServiceReader.uidGid(container.child("uid"), container.child("gid")).orElse(null),
              Values.capabilities(container.child("capabilities")),
              null,
              false,
              null,
              null,
              false,
              null,
              Network.HOST,
              false,
              null);
      return new ServiceSpec(name, spec, null, null, TERM_NEVER_KILL);
    } catch (IllegalArgumentException e) {
      throw container.fail(e.getMessage(), e);
    }
  }

  private static void volume(Field volume) {
    volume.members();
    volume.only(VOLUME);
    String path = volume.child("path").requiredString("the path the volume is mounted on");
    String device = volume.child("device").requiredString("the device or NFS export");
    Field fstypeField = volume.child("fstype");
    String fstype = fstypeField.requiredString("xfs, nfs or nfs4");
    if (!Set.of("xfs", "nfs", "nfs4").contains(fstype)) {
      throw fstypeField.fail("expected xfs, nfs or nfs4, got " + fstypeField.describe());
    }
    StringBuilder ignored = new StringBuilder();
    ignored.append(
        "berth does not mount %s volumes yet: %s is not mounted on %s"
            .formatted(fstype, device, path));
    volume
        .child("options")
        .string()
        .ifPresent(options -> ignored.append(" (options ").append(options).append(')'));
    if (fstype.equals("xfs")) {
      ignored.append(", nor grown when the device grows");
    }
    var uid = Values.id(volume.child("uid"));
    var gid = Values.id(volume.child("gid"));
    if (uid.isPresent() || gid.isPresent()) {
      ignored.append(
          ", and its owner %s:%s is not set"
              .formatted(
                  uid.map(String::valueOf).orElse("-"), gid.map(String::valueOf).orElse("-")));
    }
    volume.warn(ignored + "; mount it on the host before berth starts");
  }
}
