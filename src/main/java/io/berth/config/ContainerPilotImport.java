package io.berth.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.berth.config.Node.ScalarNode.Kind;
import io.berth.spec.BackendSpec;
import io.berth.spec.ImageRef;
import io.berth.spec.ProcessSpec;
import io.berth.spec.SensorSpec;
import io.berth.template.TemplateEngine;
import io.berth.template.TemplateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a ContainerPilot v2 config into a berth service declaration in berth's own format, which
 * {@link ConfigParser} reads back.
 *
 * <p>The config is a template first: it is rendered against the environment, as ContainerPilot
 * does. Then what berth does the same way is carried over: {@code onStart} (or {@code preStart})
 * becomes an init task, {@code preStop} and {@code postStop} hooks, {@code stopTimeout} the stop
 * timeout (5 s when unset, ContainerPilot's default), and each service's {@code health} an exec
 * check of the main process, every {@code poll} seconds, with its {@code ttl}. The application's
 * command, which ContainerPilot takes from its own command line, is given separately.
 *
 * <p>Discovery too: the first service with a {@code port} gives the berth service its port, tags
 * and interfaces (berth registers it under its own name); {@code backends} become backends whose
 * {@code onChange} runs when the registry's watch says so (their {@code poll} has no meaning); and
 * the {@code telemetry} sensors become the service's sensors, every {@code poll} seconds.
 *
 * <p>What berth does not honour (Consul, the telemetry endpoint, which is the agent's, logging,
 * ...) is listed in {@link Result#notImported()}, one entry per field, never dropped silently.
 */
public final class ContainerPilotImport {
  private static final Set<String> SERVICE =
      Set.of("name", "port", "health", "poll", "ttl", "tags", "interfaces");
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ContainerPilotImport() {}

  /**
   * A field berth did not carry over, and why.
   *
   * @param field the field's path in the ContainerPilot config, such as {@code backends[0]}
   */
  public record NotImported(String field, String why) {
    @Override
    public String toString() {
      return "not imported: " + field + ": " + why;
    }
  }

  /**
   * The declaration and what it leaves out.
   *
   * @param name the service's name in the declaration
   * @param declaration the whole config: {@code services: {name: {...}}}, as plain maps and lists
   * @param notImported what berth left out, in the config's order
   */
  public record Result(
      String name, Map<String, Object> declaration, List<NotImported> notImported) {
    public Result {
      declaration = java.util.Collections.unmodifiableMap(declaration);
      notImported = List.copyOf(notImported);
    }

    /** The declaration in YAML, berth's usual format. */
    public String yaml() {
      return write(YAML);
    }

    /** The declaration in JSON, which berth reads as well. */
    public String json() {
      return write(JSON) + "\n";
    }

    private String write(ObjectMapper mapper) {
      try {
        return mapper.writeValueAsString(declaration);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the declaration: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Converts a ContainerPilot config.
   *
   * @param text the config as written: JSON, possibly with {@code {{.VAR}}} templates
   * @param source where it came from, for messages
   * @param image the image the service runs
   * @param name the service's name, or null for the first ContainerPilot service's (or the image's)
   * @param command the application's command (what ContainerPilot shimmed), or empty for the
   *     image's
   * @param environment what the template reads, as fields of dot and through {@code env}
   * @throws ConfigException for a template or JSON error, or a field berth cannot read
   * @throws IllegalArgumentException for a bad image reference or service name
   */
  public static Result convert(
      String text,
      String source,
      String image,
      String name,
      List<String> command,
      Map<String, String> environment) {
    Objects.requireNonNull(command, "command");
    ImageRef.parse(image);
    String rendered;
    try {
      rendered =
          TemplateEngine.standard().parse(source, text).render(environment, environment).text();
    } catch (TemplateException e) {
      throw new ConfigException(source, e.line(), e.column(), "", e.problem(), e);
    }
    Document doc = new Document(source, Optional.empty());
    Node tree = TreeReader.read(source, rendered, ConfigFormat.JSON).orElse(null);
    Field root = Field.root(doc, tree);
    if (!root.isMap()) {
      throw root.fail("expected a ContainerPilot config: a JSON object, got " + root.describe());
    }
    if (root.child("jobs").present()) {
      throw root.child("jobs")
          .fail("this is a ContainerPilot 3 config (it has jobs); berth imports version 2 configs");
    }
    return new Converter(root).convert(image, name, command);
  }

  /** One conversion: the fields read so far and what was left out. */
  private static final class Converter {
    private final Field root;
    private final List<NotImported> notImported = new ArrayList<>();

    Converter(Field root) {
      this.root = root;
    }

    Result convert(String image, String name, List<String> command) {
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("image", image);
      if (!command.isEmpty()) {
        service.put("command", command);
      }
      Field start = start();
      Field stopTimeout = root.child("stopTimeout");
      long seconds = 5;
      if (stopTimeout.present()) {
        if (!stopTimeout.is(Kind.INTEGER)) {
          throw stopTimeout.fail(
              "expected a whole number of seconds, or -1 to kill at once, got "
                  + stopTimeout.describe());
        }
        seconds = Long.parseLong(stopTimeout.scalarText().orElseThrow());
        if (seconds < -1) {
          throw stopTimeout.fail("expected seconds, or -1 to kill at once, got " + seconds);
        }
      }
      service.put("stopTimeout", seconds < 0 ? (Object) (-1) : seconds + "s");
      List<Field> services = root.child("services").present() ? servicesOf() : List.of();
      String firstService = services.isEmpty() ? null : name(services.getFirst());
      String serviceName = serviceName(name, firstService, image);
      int registered = -1;
      for (int i = 0; i < services.size() && registered < 0; i++) {
        registered = services.get(i).child("port").present() ? i : -1;
      }
      List<Map<String, Object>> checks = new ArrayList<>();
      Set<String> checkNames = new HashSet<>();
      for (var member : root.members().entrySet()) {
        Field field = member.getValue();
        switch (member.getKey()) {
          case "onStart", "preStart", "preStop", "postStop", "stopTimeout" -> {}
          case "services" -> {
            for (int i = 0; i < services.size(); i++) {
              service(services.get(i), i, registered, serviceName, service, checks, checkNames);
            }
          }
          case "consul" ->
              skip(
                  field,
                  "berth registers in its own discovery store (the agent's discovery section:"
                      + " embedded or etcd), not in Consul");
          case "etcd" ->
              skip(
                  field,
                  "the store is the agent's, not the service's: set discovery (backend: etcd,"
                      + " endpoints, prefix) in the agent's config");
          case "backends" -> backends(field, service);
          case "telemetry" -> telemetry(field, service);
          case "logging" ->
              skip(
                  field,
                  "berth keeps the container's output in its own log; ContainerPilot's level,"
                      + " format and output do not apply");
          case "coprocesses" ->
              skip(field, "not converted; declare each as a task with role sidecar");
          case "tasks" -> skip(field, "not converted; declare each as a task with role periodic");
          default -> skip(field, "not a ContainerPilot v2 field");
        }
      }
      if (!checks.isEmpty()) {
        service.put("health", checks);
      }
      if (start != null) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("role", "init");
        task.put("command", command(start));
        service.put("tasks", Map.of("onStart", task));
      }
      Map<String, Object> hooks = new LinkedHashMap<>();
      for (String hook : List.of("preStop", "postStop")) {
        if (root.child(hook).present()) {
          hooks.put(hook, command(root.child(hook)));
        }
      }
      if (!hooks.isEmpty()) {
        service.put("hooks", hooks);
      }
      Map<String, Object> declaration = new LinkedHashMap<>();
      declaration.put("services", Map.of(serviceName, service));
      return new Result(serviceName, declaration, notImported);
    }

    /** {@code onStart}, or {@code preStart} as ContainerPilot 2.x later named it; or null. */
    private Field start() {
      Field onStart = root.child("onStart");
      Field preStart = root.child("preStart");
      if (onStart.present() && preStart.present()) {
        throw preStart.fail("set onStart or preStart, not both");
      }
      return onStart.present() ? onStart : preStart.present() ? preStart : null;
    }

    private List<Field> servicesOf() {
      List<Field> items = root.child("services").items();
      for (Field item : items) {
        if (!item.isMap()) {
          throw item.fail("expected a service: a mapping with a name, got " + item.describe());
        }
        name(item);
      }
      return items;
    }

    private static String name(Field service) {
      return service.child("name").requiredString("the service's name");
    }

    /**
     * Reads one of {@code services}: the first with a port gives the berth service its registration
     * (berth registers a service once, under its own name); each adds its health check.
     */
    private void service(
        Field item,
        int index,
        int registered,
        String serviceName,
        Map<String, Object> service,
        List<Map<String, Object>> checks,
        Set<String> checkNames) {
      String name = name(item);
      Field health = item.child("health");
      Field poll = item.child("poll");
      Field ttl = item.child("ttl");
      String once =
          registered < 0
              ? "without a port, berth does not register the service"
              : "berth registers a service once, with services[%d]'s port; declare this one as a"
                      .formatted(registered)
                  + " berth service of its own";
      for (var member : item.members().entrySet()) {
        Field field = member.getValue();
        switch (member.getKey()) {
          case "name" -> {
            if (index == registered && !name.equals(serviceName)) {
              skip(field, "the service is registered as %s, its berth name".formatted(serviceName));
            } else if (index != registered && !(registered < 0 && health.present())) {
              skip(field, once);
            }
          }
          case "port" -> {
            if (index == registered) {
              long port = field.is(Kind.INTEGER) ? field.nonNegative(65_535).orElse(0L) : 0;
              if (port < 1) {
                throw field.fail("expected a port, 1 to 65535, got " + field.describe());
              }
              service.put("port", port);
            } else {
              skip(field, once);
            }
          }
          case "tags", "interfaces" -> {
            if (index == registered) {
              service.put(
                  member.getKey(),
                  field.is(Kind.STRING) ? List.of(field.string().orElseThrow()) : field.words());
            } else {
              skip(field, once);
            }
          }
          case "poll", "ttl" -> {
            if (!health.present()) {
              skip(field, "the service has no health command for berth to run");
            }
          }
          case "health" -> {}
          default -> {
            if (!SERVICE.contains(member.getKey())) {
              skip(field, "not a field of a ContainerPilot v2 service");
            }
          }
        }
      }
      if (!health.present()) {
        return;
      }
      List<String> exec = command(health);
      long interval = seconds(poll, "the seconds between health checks");
      Map<String, Object> check = new LinkedHashMap<>();
      String checkName = name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}") ? name : "health";
      for (int n = 2; !checkNames.add(checkName); n++) {
        checkName = (name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,50}") ? name : "health") + "-" + n;
      }
      check.put("name", checkName);
      check.put("exec", exec);
      check.put("interval", interval + "s");
      // ContainerPilot v2 lets a check run until the next poll.
      check.put("timeout", interval + "s");
      if (ttl.present()) {
        long ttlSeconds = seconds(ttl, "the seconds a passed health check counts");
        if (ttlSeconds > interval) {
          check.put("ttl", ttlSeconds + "s");
        } else {
          skip(
              ttl,
              "%d s is not longer than poll (%d s); berth needs a ttl longer than the interval,"
                      .formatted(ttlSeconds, interval)
                  + " or every check races it");
        }
      }
      checks.add(check);
    }

    /** {@code backends}: each with an onChange becomes a berth backend; poll has no meaning. */
    private void backends(Field field, Map<String, Object> service) {
      List<Map<String, Object>> backends = new ArrayList<>();
      for (Field item : field.items()) {
        if (!item.isMap()) {
          throw item.fail(
              "expected a backend: a mapping with name and onChange, got " + item.describe());
        }
        String name = item.child("name").requiredString("the backend service's name");
        Field onChange = item.child("onChange");
        if (!onChange.present()) {
          skip(item, "it has no onChange, so nothing would follow " + name);
          continue;
        }
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("name", name);
        backend.put("onChange", command(onChange));
        try {
          new BackendSpec(name, ProcessSpec.of(command(onChange)), null, null);
        } catch (IllegalArgumentException e) {
          throw item.child("name").fail(e.getMessage(), e);
        }
        for (var member : item.members().entrySet()) {
          switch (member.getKey()) {
            case "name", "onChange" -> {}
            case "poll" ->
                skip(
                    member.getValue(),
                    "berth is told of changes by the registry's watch; nothing polls");
            default -> skip(member.getValue(), "not a field of a ContainerPilot v2 backend");
          }
        }
        backends.add(backend);
      }
      if (!backends.isEmpty()) {
        service.put("backends", backends);
      }
    }

    /**
     * {@code telemetry}: its sensors become the service's (on the agent's {@code /metrics}); the
     * endpoint itself is the agent's.
     */
    private void telemetry(Field field, Map<String, Object> service) {
      if (!field.isMap()) {
        throw field.fail(
            "expected telemetry: a mapping with port and sensors, got " + field.describe());
      }
      List<Map<String, Object>> sensors = new ArrayList<>();
      for (var member : field.members().entrySet()) {
        switch (member.getKey()) {
          case "port", "interfaces", "tags" ->
              skip(
                  member.getValue(),
                  "the agent serves every service's sensors on its own /metrics: set"
                      + " telemetry.listen (and register) in the agent's config");
          case "sensors" -> {
            for (Field item : member.getValue().items()) {
              Map<String, Object> sensor = sensor(item);
              if (sensor != null) {
                sensors.add(sensor);
              }
            }
          }
          default -> skip(member.getValue(), "not a field of ContainerPilot v2 telemetry");
        }
      }
      if (!sensors.isEmpty()) {
        service.put("sensors", sensors);
      }
    }

    /** One sensor: {@code check} every {@code poll} seconds; null when berth cannot take it. */
    private Map<String, Object> sensor(Field item) {
      if (!item.isMap()) {
        throw item.fail("expected a sensor: a mapping with name and check, got " + item.describe());
      }
      Field nameField = item.child("name");
      String name = nameField.requiredString("the metric's name");
      String type = item.child("type").string().orElse(null);
      String help = item.child("help").string().orElse(null);
      Field check = item.child("check");
      if (!check.present()) {
        throw check.missing("the command whose output is the metric's value");
      }
      long poll = seconds(item.child("poll"), "the seconds between a sensor's checks");
      if ("counter".equalsIgnoreCase(type) && !name.endsWith("_total")) {
        skip(
            nameField,
            "a counter's name ends in _total in berth (Prometheus's rule): imported as "
                + name
                + "_total");
        name = name + "_total";
      }
      try {
        new SensorSpec(
            name, help, type, ProcessSpec.of(command(check)), Duration.ofSeconds(poll), null);
      } catch (IllegalArgumentException e) {
        skip(item, e.getMessage());
        return null;
      }
      Map<String, Object> sensor = new LinkedHashMap<>();
      sensor.put("name", name);
      if (help != null) {
        sensor.put("help", help);
      }
      if (type != null) {
        sensor.put("type", type.toLowerCase(java.util.Locale.ROOT));
      }
      sensor.put("command", command(check));
      sensor.put("interval", poll + "s");
      for (var member : item.members().entrySet()) {
        if (!Set.of("name", "help", "type", "poll", "check").contains(member.getKey())) {
          skip(member.getValue(), "not a field of a ContainerPilot v2 sensor");
        }
      }
      return sensor;
    }

    private void skip(Field field, String why) {
      notImported.add(new NotImported(field.path(), why));
    }
  }

  /**
   * ContainerPilot's command: a string split at spaces (it runs no shell), or a list of the program
   * and its arguments.
   */
  private static List<String> command(Field field) {
    List<String> words;
    if (field.is(Kind.STRING)) {
      String text = field.string().orElseThrow().strip();
      words = text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    } else if (field.isList()) {
      words = field.words();
    } else {
      throw field.fail(
          "expected a command: a string, or a list of the program and its arguments, got "
              + field.describe());
    }
    if (words.isEmpty()) {
      throw field.fail("expected a command, got an empty one");
    }
    return words;
  }

  private static long seconds(Field field, String expected) {
    if (!field.present()) {
      throw field.missing(expected);
    }
    if (!field.is(Kind.INTEGER) || field.nonNegative(86_400 * 365).orElseThrow() < 1) {
      throw field.fail(
          "expected " + expected + ", a positive whole number, got " + field.describe());
    }
    return field.nonNegative(86_400 * 365).orElseThrow();
  }

  /**
   * The name given, else the first ContainerPilot service's, else the image repository's last part.
   */
  private static String serviceName(String given, String firstService, String image) {
    String pattern = "[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}";
    if (given != null) {
      if (!given.matches(pattern)) {
        throw new IllegalArgumentException(
            "invalid service name '%s': letters, digits, '_', '.' and '-', up to 63, starting with a letter or digit"
                .formatted(given));
      }
      return given;
    }
    if (firstService != null && firstService.matches(pattern)) {
      return firstService;
    }
    String repository = ImageRef.parse(image).repository();
    String last = repository.substring(repository.lastIndexOf('/') + 1);
    return last.matches(pattern) ? last : "service";
  }
}
