package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of mistake, with the exact place, field and expectation berth names. */
class ConfigErrorsTest {
  private static final ConfigParser PARSER = ConfigParser.of(Path.of("/var/lib/berth/volumes"));
  private static final String PASSWORD = "hunter2-very-secret";

  static ConfigException error(String text, String source) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> PARSER.parse(text.getBytes(StandardCharsets.UTF_8), source));
    assertThat(e).as("an error for %s", text).isNotNull();
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
    assertThat(e.getMessage())
        .isEqualTo(Located.format(e.source(), e.line(), e.column(), e.field(), e.problem()));
    return e;
  }

  static ConfigException yaml(String text) {
    return error(text, "berth.yaml");
  }

  @Test
  void unknownField_namesItAndTheKnownOnes() {
    ConfigException e =
        yaml(
            """
            services:
              web:
                image: nginx
                imagePullPolicy: always
            """);

    assertThat(e.getMessage())
        .isEqualTo(
            "berth.yaml:4:5: services.web.imagePullPolicy: unknown field; known fields are"
                + " address, args, backends, capDrop, capabilities, command, entrypoint, env,"
                + " envFiles, environment, gid, health, hooks, hostname, image, init, interfaces, kvAccess,"
                + " labels, meta, mounts, network, perms, port, readiness, resources, restart,"
                + " sensors, skipPerms, stopSignal, stopTimeout, tags, tasks, templates, timing,"
                + " uid, update, user, workdir,"
                + " writable");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.column()).isEqualTo(5);
    assertThat(e.field()).isEqualTo("services.web.imagePullPolicy");
  }

  @Test
  void unknownTopLevelSection() {
    assertThat(yaml("service:\n  web: {}\n").getMessage())
        .isEqualTo(
            "berth.yaml:1:1: service: unknown field; known fields are auth, discovery, kv, logging,"
                + " registries, services, telemetry, volumes");
  }

  @Test
  void wrongType_saysWhatWasExpectedAndWhatCame() {
    assertThat(
            yaml("""
                    services:
                      web:
                        image: nginx
                        restart:
                          maxAttempts: five
                    """)
                .getMessage())
        .isEqualTo(
            "berth.yaml:5:7: services.web.restart.maxAttempts: expected a non-negative number,"
                + " got \"five\"");
    assertThat(yaml("services:\n  web:\n    image: nginx\n    writable: 1\n").getMessage())
        .isEqualTo("berth.yaml:4:5: services.web.writable: expected true or false, got 1");
    assertThat(yaml("services:\n  web:\n    image: [nginx]\n").getMessage())
        .isEqualTo("berth.yaml:3:5: services.web.image: expected a string, got a list");
    assertThat(yaml("services: [web]\n").getMessage())
        .isEqualTo("berth.yaml:1:1: services: expected a mapping, got a list");
    assertThat(yaml("- a\n- b\n").getMessage())
        .isEqualTo(
            "berth.yaml:1:1: expected a mapping with registries, volumes and services, got a"
                + " list");
  }

  @Test
  void wrongType_inJson_pointsAtTheKey() {
    ConfigException e =
        error(
            """
            {
              // a comment
              "services": {
                "web": {"image": "nginx", "init": "yes",},
              },
            }
            """,
            "berth.json");

    assertThat(e.getMessage())
        .isEqualTo("berth.json:4:31: services.web.init: expected true or false, got \"yes\"");
  }

  @Test
  void badDuration() {
    assertThat(
            yaml("services:\n  web:\n    image: nginx\n    update:\n      interval: 5 minutes\n")
                .getMessage())
        .isEqualTo(
            "berth.yaml:5:7: services.web.update.interval: expected a duration such as 250ms,"
                + " 10s, 5m or 1h30m, or a number of seconds, got \"5 minutes\"");
    assertThat(yaml("services:\n  web:\n    image: nginx\n    restart: {window: -5}\n").field())
        .isEqualTo("services.web.restart.window");
    assertThat(yaml("services:\n  web:\n    image: nginx\n    stopTimeout: soon\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:5: services.web.stopTimeout: expected a duration such as 10s, -1 to"
                + " kill at once, or never, got \"soon\"");
  }

  @Test
  void badSize() {
    assertThat(
            yaml("services:\n  web:\n    image: nginx\n    resources:\n      memory: lots\n")
                .getMessage())
        .isEqualTo(
            "berth.yaml:5:7: services.web.resources.memory: expected a size in bytes or with a"
                + " unit such as 256m or 1.5g, got \"lots\"");
    assertThat(yaml("services:\n  web:\n    image: nginx\n    resources: {memory: 1.5}\n").field())
        .isEqualTo("services.web.resources.memory");
  }

  @Test
  void badMode() {
    assertThat(yaml("volumes:\n  data:\n    mode: \"0999\"\n").getMessage())
        .isEqualTo(
            "berth.yaml:3:5: volumes.data.mode: expected an octal mode such as \"0750\", got"
                + " \"0999\"");
    assertThat(yaml("volumes:\n  data:\n    mode: rwx\n").field()).isEqualTo("volumes.data.mode");
  }

  @Test
  void invalidImageReference_keepsImageRefsMessage() {
    assertThat(yaml("services:\n  web:\n    image: Nginx:latest\n").getMessage())
        .isEqualTo(
            "berth.yaml:3:5: services.web.image: invalid image reference 'Nginx:latest':"
                + " repository name must be lowercase");
    assertThat(yaml("services:\n  web:\n    command: [a]\n").getMessage())
        .isEqualTo(
            "berth.yaml:2:3: services.web.image: missing; expected an image reference such as"
                + " registry.example.com/app:1.2");
  }

  @Test
  void undeclaredVolume_namesItAndTheDeclaredOnes() {
    assertThat(
            yaml("""
                    volumes:
                      data: {}
                      logs:
                    services:
                      web:
                        image: nginx
                        mounts:
                          - data:/data
                          - cache:/cache:ro
                    """)
                .getMessage())
        .isEqualTo(
            "berth.yaml:9:9: services.web.mounts[1]: volume \"cache\" is not declared under"
                + " volumes (declared: data, logs); a host path starts with /");
    assertThat(
            yaml("""
                    services:
                      web:
                        image: nginx
                        mounts: [{type: volume, source: cache, target: /c}]
                    """)
                .getMessage())
        .startsWith("berth.yaml:4:29: services.web.mounts[0].source: volume \"cache\"");
  }

  @Test
  void duplicateService_pointsAtTheSecondAndNamesTheFirst() {
    assertThat(
            yaml("""
                    services:
                      web:
                        image: nginx
                      db:
                        image: postgres
                      web:
                        image: caddy
                    """)
                .getMessage())
        .isEqualTo("berth.yaml:6:3: services.web: given twice; first at line 2, column 3");
    assertThat(
            error("{\"services\": {\"a\": {\"image\": \"x\"}, \"a\": {}}}", "c.json").getMessage())
        .isEqualTo("c.json:1:36: services.a: given twice; first at line 1, column 15");
  }

  @Test
  void passwordAndPasswordFile_refused_withoutThePassword() {
    assertThat(
            yaml("""
                    registries:
                      registry.example.com:
                        username: deploy
                        password: %s
                        passwordFile: /etc/berth/pw
                    """
                    .formatted(PASSWORD))
                .getMessage())
        .isEqualTo(
            "berth.yaml:5:5: registries.\"registry.example.com\".passwordFile: set either password"
                + " or passwordFile, not both");
  }

  @Test
  void passwordOfTheWrongType_isNotQuoted() {
    assertThat(
            yaml("registries:\n  r.example.com:\n    username: u\n    password: [%s]\n"
                    .formatted(PASSWORD))
                .getMessage())
        .isEqualTo(
            "berth.yaml:4:5: registries.\"r.example.com\".password: expected a string, got a list");
    assertThat(
            yaml("registries:\n  r.example.com:\n    username: u\n    password: 123456\n")
                .getMessage())
        .isEqualTo(
            "berth.yaml:4:5: registries.\"r.example.com\".password: expected a string, got a number");
  }

  @Test
  void registryCredentials_halfGiven() {
    assertThat(yaml("registries:\n  r.example.com:\n    username: u\n").getMessage())
        .isEqualTo(
            "berth.yaml:2:3: registries.\"r.example.com\".password: missing: username is set"
                + " without password or passwordFile");
    assertThat(
            yaml("registries:\n  r.example.com:\n    password: %s\n".formatted(PASSWORD))
                .getMessage())
        .isEqualTo(
            "berth.yaml:2:3: registries.\"r.example.com\".username: missing: a password is set"
                + " without a username");
  }

  @Test
  void registryHosts_thatNameTheSameRegistry() {
    assertThat(yaml("registries:\n  docker.io: {}\n  registry.hub.docker.com: {}\n").getMessage())
        .isEqualTo(
            "berth.yaml:3:3: registries.\"registry.hub.docker.com\": names the same"
                + " registry as registries.\"docker.io\" at line 2, column 3");
    assertThat(yaml("registries:\n  \"bad host!\": {}\n").getMessage())
        .isEqualTo(
            "berth.yaml:2:3: registries.\"bad host!\": expected a registry host such as"
                + " registry.example.com or localhost:5000");
  }

  @Test
  void relativePath_inAConfigWithoutDirectory() {
    assertThat(yaml("registries:\n  r.example.com:\n    caFiles: [ca.pem]\n").getMessage())
        .isEqualTo(
            "berth.yaml:3:15: registries.\"r.example.com\".caFiles[0]: expected an absolute path: a"
                + " config that is not read from a file has no directory for relative paths, got"
                + " \"ca.pem\"");
  }

  @Test
  void recordValidation_keepsItsMessage_atTheObject() {
    assertThat(
            yaml("""
                    services:
                      web:
                        image: nginx
                        restart:
                          backoff: 1m
                          maxBackoff: 10s
                    """)
                .getMessage())
        .isEqualTo(
            "berth.yaml:4:5: services.web.restart: restart.maxBackoff is shorter than"
                + " restart.backoff");
    assertThat(yaml("services:\n  -web:\n    image: nginx\n").getMessage())
        .isEqualTo(
            "berth.yaml:2:3: services.\"-web\": invalid service name '-web': letters, digits, '_',"
                + " '.' and '-', up to 63, starting with a letter or digit");
    assertThat(yaml("services:\n  web:\n    image: nginx\n    hostname: a_b\n").getMessage())
        .isEqualTo("berth.yaml:2:3: services.web: invalid hostname 'a_b'");
    assertThat(
            yaml("services:\n  web:\n    image: nginx\n    resources: {memory: 1m}\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:5: services.web.resources: a memory limit of 1048576 bytes is too"
                + " small: the minimum is 6 MiB");
    assertThat(yaml("volumes:\n  \"../up\": {}\n").getMessage())
        .isEqualTo("berth.yaml:2:3: volumes.\"../up\": invalid volume name '../up'");
    assertThat(
            yaml("services:\n  web:\n    image: nginx\n    mounts: [\"/a:relative\"]\n")
                .getMessage())
        .isEqualTo(
            "berth.yaml:4:14: services.web.mounts[0]: the mount target must be an absolute path"
                + " inside the container, not 'relative'");
  }

  @Test
  void userAndUid_gidWithoutUid_envAndEnvironment() {
    assertThat(yaml("services:\n  w:\n    image: x\n    user: root\n    uid: 0\n").getMessage())
        .isEqualTo("berth.yaml:5:5: services.w.uid: set user, or uid and gid, not both");
    assertThat(yaml("services:\n  w:\n    image: x\n    gid: 0\n").getMessage())
        .isEqualTo("berth.yaml:4:5: services.w.gid: gid needs uid");
    assertThat(
            yaml("services:\n  w:\n    image: x\n    env: {}\n    environment: {A: b}\n")
                .getMessage())
        .isEqualTo("berth.yaml:5:5: services.w.environment: set env or environment, not both");
    assertThat(yaml("services:\n  w:\n    image: x\n    env: {A: null}\n").getMessage())
        .startsWith("berth.yaml:4:11: services.w.env.A: expected a string, number, boolean");
    assertThat(yaml("services:\n  w:\n    image: x\n    uid: -1\n").getMessage())
        .isEqualTo("berth.yaml:4:5: services.w.uid: expected a non-negative number, got -1");
  }

  @Test
  void namesOfPoliciesCapabilitiesSignalsNetworks() {
    assertThat(yaml("services:\n  w:\n    image: x\n    restart: sometimes\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:5: services.w.restart: expected always, on-failure or never, got"
                + " \"sometimes\"");
    assertThat(yaml("services:\n  w:\n    image: x\n    update: {order: random}\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:14: services.w.update.order: expected start-first, stop-first or auto,"
                + " got \"random\"");
    assertThat(yaml("services:\n  w:\n    image: x\n    capabilities: [NET_BIND]\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:20: services.w.capabilities[0]: expected a capability such as"
                + " NET_BIND_SERVICE or CAP_SYS_NICE, or ALL, got \"NET_BIND\"");
    assertThat(yaml("services:\n  w:\n    image: x\n    stopSignal: SIGFOO\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:5: services.w.stopSignal: expected a signal such as TERM or SIGINT, got"
                + " \"SIGFOO\"");
    assertThat(yaml("services:\n  w:\n    image: x\n    network: bridge\n").getMessage())
        .isEqualTo("berth.yaml:4:5: services.w.network: expected host or none, got \"bridge\"");
  }

  @Test
  void mounts_badShortFormTypeAndDuplicates() {
    assertThat(yaml("services:\n  w:\n    image: x\n    mounts: [/a]\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:14: services.w.mounts[0]: expected HOST:CONTAINER[:ro|rw] or"
                + " VOLUME:CONTAINER[:ro|rw], got \"/a\"");
    assertThat(yaml("services:\n  w:\n    image: x\n    mounts: [\"/a:/b:rx\"]\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:14: services.w.mounts[0]: expected HOST:CONTAINER[:ro|rw] or"
                + " VOLUME:CONTAINER[:ro|rw]: the mode is ro or rw, got \"/a:/b:rx\"");
    assertThat(
            yaml("services:\n  w:\n    image: x\n    mounts: [{type: nfs, target: /b}]\n")
                .getMessage())
        .isEqualTo(
            "berth.yaml:4:15: services.w.mounts[0].type: expected bind, tmpfs or volume, got"
                + " \"nfs\"");
    assertThat(
            yaml("services:\n  w:\n    image: x\n    mounts: [\"/a:/b\", \"/c:/b:ro\"]\n")
                .getMessage())
        .isEqualTo(
            "berth.yaml:4:23: services.w.mounts[1]: /b is already mounted by services.w.mounts[0]"
                + " at line 4");
    assertThat(
            yaml("services:\n  w:\n    image: x\n    mounts: [{source: /a, target: /b, x: 1}]\n")
                .getMessage())
        .isEqualTo(
            "berth.yaml:4:39: services.w.mounts[0].x: unknown field; known fields are options,"
                + " readOnly, source, target, type");
  }

  @Test
  void command_thatNeedsAShell_isRefused() {
    assertThat(yaml("services:\n  w:\n    image: x\n    command: a | b\n").getMessage())
        .isEqualTo(
            "berth.yaml:4:5: services.w.command: '|' at offset 2 means something only to a"
                + " shell, and berth runs no shell: quote it, or run a shell yourself with a list"
                + " such as [sh, -c, \"...\"]");
    assertThat(yaml("services:\n  w:\n    image: x\n    command: \"echo 'a\"\n").problem())
        .isEqualTo("the single quote at offset 5 is never closed");
  }

  @Test
  void syntaxError_givesLineAndColumn_andHidesTheText() {
    ConfigException yaml =
        yaml(
            """
            registries:
              r.example.com:
                username: u
                password: %s: x
            """
                .formatted(PASSWORD));
    assertThat(yaml.getMessage())
        .isEqualTo("berth.yaml:4:34: not well-formed YAML: mapping values are not allowed here");

    ConfigException json =
        error(
            "{\"registries\": {\"r.example.com\": {\"username\": \"u\", \"password\": %s}}}"
                .formatted(PASSWORD),
            "berth.json");
    assertThat(json.line()).isEqualTo(1);
    assertThat(json.column()).isEqualTo(71); // where Jackson stops reading the token
    assertThat(json.field()).isEmpty();
    assertThat(json.problem()).startsWith("not well-formed JSON: Unrecognized token '…'");
  }

  @Test
  void yamlAliases_areRefused_ratherThanReadAsTheirName() {
    assertThat(yaml("services:\n  web: &base {image: nginx}\n  api: *base\n").getMessage())
        .isEqualTo(
            "berth.yaml:3:8: services.api: YAML aliases (*base) are not supported: write the value"
                + " out");
  }

  @Test
  void secondDocument_isRefused() {
    assertThat(yaml("services: {}\n---\nservices: {}\n").getMessage())
        .isEqualTo(
            "berth.yaml:3:1: expected the end of the document: a config is one YAML document");
  }

  @Test
  void notUtf8() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> PARSER.parse(new byte[] {'a', ':', ' ', (byte) 0xff}, "berth.yaml"));
    assertThat(e.getMessage()).isEqualTo("berth.yaml: is not UTF-8 text");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "registries: {r.example.com: {username: u, password: PW, passwordFile: /p}}",
        "registries: {r.example.com: {username: u, password: PW, insecure: maybe}}",
        "registries: {r.example.com: {username: u, password: PW, tlsVerify: true, insecure: true}}",
        "registries: {r.example.com: {password: PW}}",
        "registries: {r.example.com: {username: u, password: PW, extra: 1}}",
        "registries: {r.example.com: {username: u, password: PW}}\nservices: {w: {image: x, uid: PW}}",
        "registries: {r.example.com: {username: u, password: PW}}\nservices: 3",
        "registries: {r.example.com: {username: u, password: PW}} x",
      })
  void noErrorQuotesAPassword(String yaml) {
    yaml(yaml.replace("PW", PASSWORD));
  }
}
