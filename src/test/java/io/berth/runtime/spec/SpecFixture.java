package io.berth.runtime.spec;

import io.berth.image.oci.ImageConfig;
import io.berth.spec.ContainerSpec;
import io.berth.spec.Digest;
import io.berth.spec.ImageRef;
import io.berth.spec.MountSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image config and a {@code berth run} in the making, for tests: everything defaults to a plain
 * image and no options, and each method changes one thing.
 */
final class SpecFixture {
  static final ImageRef IMAGE = ImageRef.parse("registry.test/team/app:1.0");
  static final Digest DIGEST = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
  static final String ID = "4f1c2d3e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d";

  static final String PASSWD =
      """
      root:x:0:0:root:/root:/bin/sh
      daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
      app:x:1000:1000:app:/home/app:/bin/sh
      nobody:x:65534:65534:nobody:/nonexistent:/bin/false
      """;

  static final String GROUP =
      """
      root:x:0:
      daemon:x:1:
      wheel:x:10:root
      staff:x:50:app,daemon
      audio:x:63:app
      app:x:1000:
      nogroup:x:65534:
      """;

  String id = ID;
  String imageUser;
  String imageArchitecture = "amd64";
  final List<String> imageEnv = new ArrayList<>();
  List<String> imageEntrypoint;
  List<String> imageCmd = List.of("sh");
  String imageWorkingDir;
  String imageStopSignal;

  List<String> entrypoint;
  List<String> command;
  final Map<String, String> env = new LinkedHashMap<>();
  final List<MountSpec> mounts = new ArrayList<>();
  String user;
  final List<String> capAdd = new ArrayList<>();
  final List<String> capDrop = new ArrayList<>();
  boolean writable;
  String hostname;
  String workdir;
  boolean init;
  ContainerSpec.Resources resources = ContainerSpec.Resources.NONE;
  ContainerSpec.Network network = ContainerSpec.Network.NONE;

  String passwd = PASSWD;
  String group = GROUP;
  Path rootfs = Path.of("/var/lib/berth/containers/" + ID + "/rootfs");
  GeneratedFiles files = GeneratedFiles.in(Path.of("/var/lib/berth/containers/" + ID));
  HostFacts host =
      new HostFacts(
          HostFacts.UNLIMITED,
          HostFacts.UNLIMITED,
          HostFacts.TINI_STATIC,
          false,
          true,
          EnumSet.allOf(Capability.class),
          "amd64",
          path -> true);

  static SpecFixture image() {
    return new SpecFixture();
  }

  SpecFixture imageEntrypoint(String... args) {
    imageEntrypoint = Arrays.asList(args);
    return this;
  }

  SpecFixture imageCmd(String... args) {
    imageCmd = Arrays.asList(args);
    return this;
  }

  SpecFixture imageEnv(String... entries) {
    imageEnv.addAll(Arrays.asList(entries));
    return this;
  }

  /** The architecture the image's config names (Go's name); amd64 unless set. */
  SpecFixture imageArchitecture(String value) {
    imageArchitecture = value;
    return this;
  }

  SpecFixture imageUser(String value) {
    imageUser = value;
    return this;
  }

  SpecFixture imageWorkingDir(String value) {
    imageWorkingDir = value;
    return this;
  }

  SpecFixture entrypoint(String... args) {
    entrypoint = Arrays.asList(args);
    return this;
  }

  SpecFixture command(String... args) {
    command = Arrays.asList(args);
    return this;
  }

  SpecFixture env(String name, String value) {
    env.put(name, value);
    return this;
  }

  SpecFixture user(String value) {
    user = value;
    return this;
  }

  SpecFixture capAdd(String... names) {
    capAdd.addAll(Arrays.asList(names));
    return this;
  }

  SpecFixture capDrop(String... names) {
    capDrop.addAll(Arrays.asList(names));
    return this;
  }

  SpecFixture mount(MountSpec mount) {
    mounts.add(mount);
    return this;
  }

  SpecFixture writable() {
    writable = true;
    return this;
  }

  SpecFixture init() {
    init = true;
    return this;
  }

  SpecFixture network(ContainerSpec.Network value) {
    network = value;
    return this;
  }

  SpecFixture resources(long memoryBytes, double cpus, long pids) {
    resources = new ContainerSpec.Resources(memoryBytes, cpus, pids);
    return this;
  }

  SpecFixture host(HostFacts value) {
    host = value;
    return this;
  }

  ContainerSpec containerSpec() {
    return new ContainerSpec(
        IMAGE.toString(),
        null,
        entrypoint,
        command,
        env,
        mounts,
        user,
        capAdd,
        capDrop,
        writable,
        hostname,
        workdir,
        init,
        resources,
        network,
        false,
        null);
  }

  ImageConfig imageConfig() {
    return new ImageConfig(
        imageArchitecture,
        "linux",
        null,
        null,
        new ImageConfig.RunConfig(
            imageUser,
            imageEnv,
            imageEntrypoint,
            imageCmd,
            imageWorkingDir,
            null,
            imageStopSignal,
            null,
            null),
        new ImageConfig.RootFs("layers", List.of()));
  }

  ContainerRequest request() {
    return new ContainerRequest(
        id,
        containerSpec(),
        imageConfig(),
        IMAGE,
        DIGEST,
        rootfs,
        files,
        UserDatabase.parse(passwd, group));
  }

  OciSpec build() {
    return OciSpecBuilder.build(request(), host);
  }
}
