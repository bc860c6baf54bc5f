package io.berth.config;

import io.berth.spec.ContainerSpec;
import io.berth.spec.ContainerSpec.Network;
import io.berth.spec.ContainerSpec.Resources;
import io.berth.spec.ImageRef;
import io.berth.spec.KvAccess;
import io.berth.spec.MountSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.VolumeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One entry of {@code services:} in berth's format. */
final class ServiceReader {
  static final Set<String> FIELDS =
      Set.of(
          "image",
          "command",
          "args",
          "entrypoint",
          "user",
          "uid",
          "gid",
          "capabilities",
          "capDrop",
          "mounts",
          "env",
          "environment",
          "writable",
          "hostname",
          "workdir",
          "init",
          "resources",
          "network",
          "labels",
          "restart",
          "update",
          "stopTimeout",
          "stopSignal",
          "kvAccess");
  static final Set<String> ALL_FIELDS =
      union(union(FIELDS, LifecycleReader.FIELDS), RegistrationReader.FIELDS);
  private static final Set<String> RESOURCES = Set.of("memory", "cpus", "pids");

  private ServiceReader() {}

  static ServiceSpec read(String name, Field service, Map<String, VolumeSpec> volumes) {
    if (!service.isMap()) {
      throw service.fail("expected a mapping with at least an image, got " + service.describe());
    }
    service.only(ALL_FIELDS);
    String image = image(service.child("image"));
    List<String> entrypoint = Values.command(service.child("entrypoint"));
    List<String> command = command(service.child("command"), service.child("args"));
    String user = user(service.child("user"), service.child("uid"), service.child("gid"));
    List<String> capAdd = Values.capabilities(service.child("capabilities"));
    List<String> capDrop = Values.capabilities(service.child("capDrop"));
    List<MountSpec> mounts = Mounts.read(service.child("mounts"), volumes);
    Map<String, String> env = env(service.child("env"), service.child("environment"));
    boolean writable = service.child("writable").bool().orElse(false);
    String hostname = service.child("hostname").string().orElse(null);
    String workdir = service.child("workdir").string().orElse(null);
    boolean init = service.child("init").bool().orElse(false);
    Resources resources = resources(service.child("resources"));
    Network network = network(service.child("network"));
    Map<String, String> labels = labels(service.child("labels"));
    ContainerSpec container;
    try {
      container =
          new ContainerSpec(
              image,
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
              labels);
    } catch (IllegalArgumentException e) {
      throw service.fail(e.getMessage(), e);
    }
    var restart = Policies.restart(service.child("restart"));
    var update = Policies.update(service.child("update"));
    var stop = Policies.stop(service.child("stopTimeout"), service.child("stopSignal"));
    var lifecycle =
        LifecycleReader.read(
            service, service.child("command").present() || service.child("args").present());
    if (lifecycle.main().process() != null && service.child("entrypoint").present()) {
      throw service
          .child("entrypoint")
          .fail("the main task has its own command: leave the entrypoint out");
    }
    try {
      return new ServiceSpec(
          name,
          container,
          restart,
          update,
          stop,
          lifecycle,
          RegistrationReader.read(service),
          kvAccess(service.child("kvAccess")));
    } catch (IllegalArgumentException e) {
      throw service.fail(e.getMessage(), e);
    }
  }

  /** {@code kvAccess: {prefix: /org/myorg/app/, secrets: false}}, or null when absent. */
  static KvAccess kvAccess(Field field) {
    if (!field.present()) {
      return null;
    }
    if (!field.isMap()) {
      throw field.fail(
          "expected a mapping such as {prefix: /org/myorg/app/, secrets: false}, got "
              + field.describe());
    }
    field.only(Set.of("prefix", "secrets"));
    Field prefix = field.child("prefix");
    String text = prefix.requiredString("a directory of the configuration store: /org/myorg/app/");
    boolean secrets = field.child("secrets").bool().orElse(false);
    try {
      return new KvAccess(text, secrets);
    } catch (IllegalArgumentException e) {
      throw prefix.fail(e.getMessage(), e);
    }
  }

  /** The reference as written, after checking that it is one. */
  static String image(Field field) {
    String image = field.requiredString("an image reference such as registry.example.com/app:1.2");
    try {
      ImageRef.parse(image);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
    return image;
  }

  /** {@code command} then {@code args}; with args alone, the args replace the image's command. */
  private static List<String> command(Field commandField, Field argsField) {
    List<String> command = Values.command(commandField);
    List<String> args = Values.command(argsField);
    if (args == null || args.isEmpty()) {
      return command;
    }
    List<String> all = new ArrayList<>(command == null ? List.of() : command);
    all.addAll(args);
    return all;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /** {@code user} as written, or {@code uid[:gid]}. */
  static String user(Field userField, Field uidField, Field gidField) {
    Optional<String> user = userField.scalarText();
    Optional<String> ids = uidGid(uidField, gidField);
    if (user.isPresent() && ids.isPresent()) {
      throw uidField.fail("set user, or uid and gid, not both");
    }
    if (user.isPresent() && user.get().isBlank()) {
      throw userField.fail("expected a user name or uid[:gid], got \"\"");
    }
    return user.or(() -> ids).orElse(null);
  }

  /** {@code uid[:gid]} from two numbers, as Frontloader gives them. */
  static Optional<String> uidGid(Field uidField, Field gidField) {
    Optional<Integer> uid = Values.id(uidField);
    Optional<Integer> gid = Values.id(gidField);
    if (gid.isPresent() && uid.isEmpty()) {
      throw gidField.fail("gid needs uid");
    }
    return uid.map(u -> u + gid.map(g -> ":" + g).orElse(""));
  }

  private static Map<String, String> env(Field env, Field environment) {
    if (env.present() && environment.present()) {
      throw environment.fail("set env or environment, not both");
    }
    return EnvValues.read(env.present() ? env : environment);
  }

  private static Resources resources(Field field) {
    if (!field.present()) {
      return Resources.NONE;
    }
    field.members();
    field.only(RESOURCES);
    long memory = Values.size(field.child("memory")).orElse(0L);
    double cpus = field.child("cpus").number().orElse(0.0);
    long pids = field.child("pids").nonNegative(Long.MAX_VALUE).orElse(0L);
    try {
      return new Resources(memory, cpus, pids);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  private static Network network(Field field) {
    if (!field.present()) {
      return null;
    }
    try {
      return Network.parse(field.string().orElseThrow());
    } catch (IllegalArgumentException e) {
      throw field.fail("expected host or none, got " + field.describe());
    }
  }

  private static Map<String, String> labels(Field field) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (var member : field.members().entrySet()) {
      Field value = member.getValue();
      if (!value.present() || !(value.node() instanceof Node.ScalarNode)) {
        throw value.fail("expected a string, got " + value.describe());
      }
      labels.put(member.getKey(), value.scalarText().orElseThrow());
    }
    return labels;
  }
}
