package io.berth.config;

import io.berth.config.Node.ScalarNode.Kind;
import io.berth.spec.BackendSpec;
import io.berth.spec.CheckSpec;
import io.berth.spec.Lifecycle;
import io.berth.spec.PermSpec;
import io.berth.spec.ProcessSpec;
import io.berth.spec.Schedule;
import io.berth.spec.SensorSpec;
import io.berth.spec.ServiceSpec;
import io.berth.spec.TaskSpec;
import io.berth.spec.TemplateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's {@code tasks}, {@code hooks}, {@code health}, {@code readiness}, {@code timing},
 * {@code envFiles}, {@code perms} and {@code skipPerms}.
 */
final class LifecycleReader {
  static final Set<String> FIELDS =
      Set.of(
          "tasks",
          "hooks",
          "health",
          "readiness",
          "timing",
          "envFiles",
          "perms",
          "skipPerms",
          "templates",
          "backends",
          "sensors");
  private static final Set<String> SENSOR =
      Set.of("name", "help", "type", "command", "interval", "timeout");
  private static final Set<String> BACKEND = Set.of("name", "onChange", "file", "wait");
  private static final Set<String> TEMPLATE =
      Set.of("file", "destination", "change", "signal", "script", "wait", "mode");
  private static final Set<String> PROCESS =
      Set.of("command", "env", "user", "uid", "gid", "workdir");
  private static final Set<String> TASK =
      union(
          PROCESS,
          Set.of(
              "role",
              "restart",
              "down",
              "finish",
              "stopService",
              "timeout",
              "readiness",
              "health",
              "schedule",
              "every",
              "overlap",
              "keep"));
  private static final Set<String> HOOK = union(PROCESS, Set.of("timeout"));
  private static final Set<String> CHECK =
      Set.of(
          "name",
          "exec",
          "http",
          "tcp",
          "interval",
          "timeout",
          "grace",
          "failures",
          "successes",
          "ttl");
  private static final Set<String> TIMING =
      Set.of("waitForSidecars", "waitMax", "finalizeMax", "servicesGrace", "killGrace");
  private static final Set<String> PERM =
      Set.of("path", "account", "fileMode", "dirMode", "recursive");

  private LifecycleReader() {}

  /**
   * Reads the lifecycle fields of {@code service}; {@code hasCommand} says whether the service set
   * {@code command} or {@code args}, which a main task would contradict.
   */
  static Lifecycle read(Field service, boolean hasCommand) {
    List<TaskSpec> tasks = new ArrayList<>();
    Field tasksField = service.child("tasks");
    for (var entry : tasksField.members().entrySet()) {
      TaskSpec task = task(entry.getKey(), entry.getValue());
      if (task.role() == TaskSpec.Role.MAIN && hasCommand) {
        throw entry
            .getValue()
            .fail(
                "the service sets command or args, and task %s is its main task too: set the command in one place"
                    .formatted(entry.getKey()));
      }
      tasks.add(task);
    }
    Field health = service.child("health");
    Field readiness = service.child("readiness");
    if (health.present() || readiness.present()) {
      TaskSpec declared =
          tasks.stream().filter(t -> t.role() == TaskSpec.Role.MAIN).findFirst().orElse(null);
      if (declared != null && (!declared.checks().isEmpty() || declared.notifies())) {
        throw health.present()
            ? health.fail(
                "task %s, the main task, has its own health or readiness: set them in one place"
                    .formatted(declared.name()))
            : readiness.fail(
                "task %s, the main task, has its own health or readiness: set them in one place"
                    .formatted(declared.name()));
      }
      List<CheckSpec> checks = checks(health);
      TaskSpec.Readiness ready = readiness(readiness);
      if (declared == null) {
        tasks.add(0, TaskSpec.main(checks, ready));
      } else {
        tasks.replaceAll(
            t ->
                t == declared
                    ? new TaskSpec(
                        t.name(),
                        t.role(),
                        t.process(),
                        null,
                        false,
                        null,
                        null,
                        null,
                        ready,
                        checks,
                        null,
                        false,
                        0)
                    : t);
      }
    }
    Field hooks = service.child("hooks");
    hooks.members();
    hooks.only(Set.of("preStop", "postStop"));
    Lifecycle.Hook preStop = hook(hooks.child("preStop"));
    Lifecycle.Hook postStop = hook(hooks.child("postStop"));
    Lifecycle.Timing timing = timing(service.child("timing"));
    List<String> envFiles = envFiles(service.child("envFiles"));
    List<PermSpec> perms = perms(service.child("perms"));
    boolean skipPerms = service.child("skipPerms").bool().orElse(false);
    List<TemplateSpec> templates = templates(service.child("templates"));
    List<BackendSpec> backends = backends(service.child("backends"));
    List<SensorSpec> sensors = sensors(service.child("sensors"));
    try {
      return new Lifecycle(
          tasks, preStop, postStop, timing, envFiles, perms, skipPerms, templates, backends,
          sensors);
    } catch (IllegalArgumentException e) {
      throw tasksField.present()
          ? tasksField.fail(e.getMessage(), e)
          : service.fail(e.getMessage(), e);
    }
  }

  private static TaskSpec task(String name, Field field) {
    if (!field.isMap()) {
      throw field.fail(
          "expected a mapping with a role (init, main, sidecar, finalize or periodic) and a command, got "
              + field.describe());
    }
    field.only(TASK);
    Field roleField = field.child("role");
    String roleText = roleField.requiredString("a role: init, main, sidecar, finalize or periodic");
    TaskSpec.Role role =
        switch (roleText) {
          case "init" -> TaskSpec.Role.INIT;
          case "main" -> TaskSpec.Role.MAIN;
          case "sidecar" -> TaskSpec.Role.SIDECAR;
          case "finalize" -> TaskSpec.Role.FINALIZE;
          case "periodic" -> TaskSpec.Role.PERIODIC;
          default ->
              throw roleField.fail(
                  "expected init, main, sidecar, finalize or periodic, got "
                      + roleField.describe());
        };
    ProcessSpec process =
        role == TaskSpec.Role.MAIN && !field.child("command").present()
            ? null
            : process(field, "the task's command");
    Field restartField = field.child("restart");
    ServiceSpec.RestartPolicy restart =
        restartField.present() ? Policies.restart(restartField) : null;
    boolean down = field.child("down").bool().orElse(false);
    Field finishField = field.child("finish");
    ProcessSpec finish = finishField.present() ? commandOnly(finishField) : null;
    TaskSpec.StopService stopService = stopService(field.child("stopService"));
    Duration timeout = Values.duration(field.child("timeout"), false).orElse(null);
    TaskSpec.Readiness readiness = readiness(field.child("readiness"));
    List<CheckSpec> checks = checks(field.child("health"));
    Schedule schedule = schedule(field.child("schedule"), field.child("every"));
    boolean overlap = field.child("overlap").bool().orElse(false);
    int keep = field.child("keep").nonNegative(10_000).map(Long::intValue).orElse(0);
    try {
      return new TaskSpec(
          name,
          role,
          process,
          restart,
          down,
          finish,
          stopService,
          timeout,
          readiness,
          checks,
          schedule,
          overlap,
          keep);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  /** A command with its own env, user and working directory, from the fields of {@code field}. */
  private static ProcessSpec process(Field field, String what) {
    Field commandField = field.child("command");
    if (!commandField.present()) {
      throw commandField.missing(what);
    }
    List<String> command = Values.command(commandField);
    if (command.isEmpty()) {
      throw commandField.fail("expected a command, got an empty one");
    }
    Map<String, String> env = EnvValues.read(field.child("env"));
    String user = ServiceReader.user(field.child("user"), field.child("uid"), field.child("gid"));
    String workdir = field.child("workdir").string().orElse(null);
    try {
      return new ProcessSpec(command, env, user, workdir);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  /** A command alone (a string or list), or a mapping with the command and its own settings. */
  private static ProcessSpec commandOnly(Field field) {
    if (field.isMap()) {
      field.only(PROCESS);
      return process(field, "a command");
    }
    List<String> command = Values.command(field);
    if (command == null || command.isEmpty()) {
      throw field.fail("expected a command, got " + field.describe());
    }
    return ProcessSpec.of(command);
  }

  private static Lifecycle.Hook hook(Field field) {
    if (!field.present()) {
      return null;
    }
    if (!field.isMap()) {
      return new Lifecycle.Hook(commandOnly(field), null);
    }
    field.only(HOOK);
    ProcessSpec process = process(field, "the hook's command");
    Duration timeout = Values.duration(field.child("timeout"), false).orElse(null);
    try {
      return new Lifecycle.Hook(process, timeout);
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  private static TaskSpec.StopService stopService(Field field) {
    if (!field.present()) {
      return null;
    }
    if (field.is(Kind.BOOLEAN)) {
      return field.bool().orElseThrow() ? TaskSpec.StopService.ALWAYS : TaskSpec.StopService.NEVER;
    }
    String text = field.requiredString("always, on-failure or never");
    return switch (text) {
      case "always" -> TaskSpec.StopService.ALWAYS;
      case "on-failure" -> TaskSpec.StopService.ON_FAILURE;
      case "never" -> TaskSpec.StopService.NEVER;
      default ->
          throw field.fail(
              "expected always, on-failure, never, true or false, got " + field.describe());
    };
  }

  private static TaskSpec.Readiness readiness(Field field) {
    if (!field.present()) {
      return null;
    }
    if (!field.isMap()) {
      throw field.fail(
          "expected a mapping such as {notifyFd: 3} (the process writes a newline to descriptor 3"
              + " when it is ready), got "
              + field.describe());
    }
    field.only(Set.of("notifyFd"));
    Field fd = field.child("notifyFd");
    int n =
        fd.nonNegative(63)
            .map(Long::intValue)
            .orElseThrow(() -> fd.missing("a descriptor from 3 to 63"));
    try {
      return new TaskSpec.Readiness(n);
    } catch (IllegalArgumentException e) {
      throw fd.fail(e.getMessage(), e);
    }
  }

  /** A list of checks, or one check as a mapping. */
  static List<CheckSpec> checks(Field field) {
    if (!field.present()) {
      return List.of();
    }
    List<Field> items = field.isMap() ? List.of(field) : field.items();
    List<CheckSpec> checks = new ArrayList<>();
    Map<String, Integer> used = new HashMap<>();
    for (Field item : items) {
      checks.add(check(item, used));
    }
    return checks;
  }

  private static CheckSpec check(Field field, Map<String, Integer> used) {
    if (!field.isMap()) {
      throw field.fail(
          "expected a check: a mapping with exec, http or tcp, got " + field.describe());
    }
    field.only(CHECK);
    Field exec = field.child("exec");
    Field http = field.child("http");
    Field tcp = field.child("tcp");
    int kinds = (exec.present() ? 1 : 0) + (http.present() ? 1 : 0) + (tcp.present() ? 1 : 0);
    if (kinds != 1) {
      throw field.fail(
          "a check has exactly one of exec (a command), http ({port, path}) or tcp (a port)");
    }
    CheckSpec.Kind kind;
    ProcessSpec command = null;
    int port = 0;
    String path = null;
    if (exec.present()) {
      kind = CheckSpec.Kind.EXEC;
      command = commandOnly(exec);
    } else if (http.present()) {
      kind = CheckSpec.Kind.HTTP;
      if (http.isMap()) {
        http.only(Set.of("port", "path"));
        port = port(http.child("port"));
        path = http.child("path").string().orElse("/");
      } else {
        port = port(http);
        path = "/";
      }
    } else {
      kind = CheckSpec.Kind.TCP;
      if (tcp.isMap()) {
        tcp.only(Set.of("port"));
        port = port(tcp.child("port"));
      } else {
        port = port(tcp);
      }
    }
    String name =
        field
            .child("name")
            .string()
            .orElseGet(
                () -> {
                  int n = used.merge(kind.label(), 1, Integer::sum);
                  return n == 1 ? kind.label() : kind.label() + "-" + n;
                });
    try {
      return new CheckSpec(
          name,
          kind,
          command,
          port,
          path,
          Values.duration(field.child("interval"), false).orElse(null),
          Values.duration(field.child("timeout"), false).orElse(null),
          Values.duration(field.child("grace"), false).orElse(null),
          field
              .child("failures")
              .nonNegative(1000)
              .map(Long::intValue)
              .orElse(CheckSpec.DEFAULT_FAILURES),
          field
              .child("successes")
              .nonNegative(1000)
              .map(Long::intValue)
              .orElse(CheckSpec.DEFAULT_SUCCESSES),
          Values.duration(field.child("ttl"), false).orElse(null));
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  private static int port(Field field) {
    String text = field.is(Kind.INTEGER) ? field.scalarText().orElse("") : "";
    if (text.matches("\\d{1,5}")
        && Integer.parseInt(text) >= 1
        && Integer.parseInt(text) <= 65535) {
      return Integer.parseInt(text);
    }
    throw field.fail("expected a port from 1 to 65535, got " + field.describe());
  }

  private static Schedule schedule(Field cron, Field every) {
    if (cron.present() && every.present()) {
      throw every.fail("set schedule or every, not both");
    }
    if (every.present()) {
      return Schedule.every(Values.duration(every, false).orElseThrow());
    }
    if (!cron.present()) {
      return null;
    }
    String text = cron.requiredString("a cron expression such as \"0 3 * * *\", or @every 1h");
    try {
      return Schedule.parse(text);
    } catch (IllegalArgumentException e) {
      throw cron.fail(e.getMessage(), e);
    }
  }

  private static Lifecycle.Timing timing(Field field) {
    if (!field.present()) {
      return null;
    }
    field.members();
    field.only(TIMING);
    Field wait = field.child("waitForSidecars");
    Lifecycle.WaitFor waitFor =
        wait.string()
            .map(
                text ->
                    switch (text) {
                      case "none" -> Lifecycle.WaitFor.NONE;
                      case "up" -> Lifecycle.WaitFor.UP;
                      case "ready" -> Lifecycle.WaitFor.READY;
                      default ->
                          throw wait.fail("expected none, up or ready, got " + wait.describe());
                    })
            .orElse(null);
    try {
      return new Lifecycle.Timing(
          waitFor,
          Values.duration(field.child("waitMax"), false).orElse(null),
          Values.duration(field.child("finalizeMax"), false).orElse(null),
          Values.duration(field.child("servicesGrace"), false).orElse(null),
          Values.duration(field.child("killGrace"), false).orElse(null));
    } catch (IllegalArgumentException e) {
      throw field.fail(e.getMessage(), e);
    }
  }

  private static List<String> envFiles(Field field) {
    if (!field.present()) {
      return List.of();
    }
    List<Field> items = field.is(Kind.STRING) ? List.of(field) : field.items();
    List<String> files = new ArrayList<>();
    for (Field item : items) {
      String text = item.requiredString("a path to an env file or directory");
      String path =
          text.startsWith(Lifecycle.IMAGE_PREFIX)
              ? text.substring(Lifecycle.IMAGE_PREFIX.length())
              : text;
      if (!path.startsWith("/") || io.berth.spec.PathNames.hasDotDot(path)) {
        throw item.fail(
            "expected an absolute path without '..' (image:/path for a file in the image), got "
                + item.describe());
      }
      files.add(text);
    }
    return files;
  }

  private static List<SensorSpec> sensors(Field field) {
    if (!field.present()) {
      return List.of();
    }
    List<SensorSpec> sensors = new ArrayList<>();
    for (Field item : field.items()) {
      if (!item.isMap()) {
        throw item.fail("expected a mapping with name, type and command, got " + item.describe());
      }
      item.only(SENSOR);
      Field command = item.child("command");
      if (!command.present()) {
        throw command.missing("the command whose output is the metric's value");
      }
      try {
        sensors.add(
            new SensorSpec(
                item.child("name").requiredString("the metric's name"),
                item.child("help").string().orElse(null),
                item.child("type").string().orElse(null),
                ProcessSpec.of(Values.command(command)),
                Values.duration(item.child("interval"), false).orElse(null),
                Values.duration(item.child("timeout"), false).orElse(null)));
      } catch (IllegalArgumentException e) {
        throw item.fail(e.getMessage(), e);
      }
    }
    return sensors;
  }

  private static List<BackendSpec> backends(Field field) {
    if (!field.present()) {
      return List.of();
    }
    List<BackendSpec> backends = new ArrayList<>();
    for (Field item : field.items()) {
      if (!item.isMap()) {
        throw item.fail(
            "expected a mapping with name and onChange and/or file, got " + item.describe());
      }
      item.only(BACKEND);
      Field onChange = item.child("onChange");
      try {
        backends.add(
            new BackendSpec(
                item.child("name").requiredString("the backend service's name"),
                onChange.present() ? ProcessSpec.of(Values.command(onChange)) : null,
                item.child("file").string().orElse(null),
                Values.duration(item.child("wait"), false).orElse(null)));
      } catch (IllegalArgumentException e) {
        throw item.fail(e.getMessage(), e);
      }
    }
    return backends;
  }

  private static List<TemplateSpec> templates(Field field) {
    if (!field.present()) {
      return List.of();
    }
    List<TemplateSpec> templates = new ArrayList<>();
    for (Field item : field.items()) {
      if (!item.isMap()) {
        throw item.fail("expected a mapping with file and destination, got " + item.describe());
      }
      item.only(TEMPLATE);
      TemplateSpec.Change change = null;
      Field changeField = item.child("change");
      if (changeField.present()) {
        String text = changeField.requiredString("restart, signal, script or noop");
        change =
            switch (text) {
              case "restart" -> TemplateSpec.Change.RESTART;
              case "signal" -> TemplateSpec.Change.SIGNAL;
              case "script" -> TemplateSpec.Change.SCRIPT;
              case "noop" -> TemplateSpec.Change.NOOP;
              default ->
                  throw changeField.fail(
                      "expected restart, signal, script or noop, got " + changeField.describe());
            };
      }
      Field script = item.child("script");
      try {
        templates.add(
            new TemplateSpec(
                item.child("file").requiredString("the template's absolute path on the host"),
                item.child("destination").requiredString("an absolute path in the container"),
                change,
                item.child("signal").scalarText().orElse(null),
                script.present() ? ProcessSpec.of(Values.command(script)) : null,
                Values.duration(item.child("wait"), false).orElse(null),
                Values.mode(item.child("mode")).orElse(null)));
      } catch (IllegalArgumentException e) {
        throw item.fail(e.getMessage(), e);
      }
    }
    return templates;
  }

  private static List<PermSpec> perms(Field field) {
    if (!field.present()) {
      return List.of();
    }
    List<PermSpec> perms = new ArrayList<>();
    for (Field item : field.items()) {
      try {
        if (item.is(Kind.STRING)) {
          perms.add(PermSpec.parse(item.string().orElseThrow()));
          continue;
        }
        if (!item.isMap()) {
          throw item.fail(
              "expected \"path account fmode dmode\" or a mapping with path, account, fileMode,"
                  + " dirMode and recursive, got "
                  + item.describe());
        }
        item.only(PERM);
        perms.add(
            new PermSpec(
                item.child("path").requiredString("an absolute path in the container"),
                item.child("account").scalarText().orElse(null),
                Values.mode(item.child("fileMode")).orElse(null),
                Values.mode(item.child("dirMode")).orElse(null),
                item.child("recursive").bool().orElse(true)));
      } catch (IllegalArgumentException e) {
        throw item.fail(e.getMessage(), e);
      }
    }
    return perms;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
