package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.spec.Json;
import io.berth.spec.MountSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON is what runc 1.1 reads: runtime-spec 1.0.2's field names (specs-go/config.go), numbers
 * where it wants numbers, and no nulls (runc's Go structs take a missing field as empty, but a
 * {@code null} where a list is expected is not the same thing to every runtime).
 */
class OciSpecJsonTest {
  private static JsonNode json(OciSpec spec) throws Exception {
    return Json.lenient().readTree(spec.toJson());
  }

  private static JsonNode full() throws Exception {
    return json(
        SpecFixture.image()
            .user("app")
            .init()
            .mount(MountSpec.tmpfs("/tmp", "size=1m"))
            .resources(64L << 20, 0.5, 50)
            .build());
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void json_topLevel_hasRuntimeSpecFieldNames() throws Exception {
    JsonNode root = full();

    assertThat(fields(root))
        .containsExactly(
            "ociVersion", "process", "root", "hostname", "mounts", "linux", "annotations");
    assertThat(root.get("ociVersion").asText()).isEqualTo("1.0.2");
    assertThat(fields(root.get("root"))).containsExactly("path", "readonly");
    assertThat(root.get("root").get("readonly").isBoolean()).isTrue();
  }

  @Test
  void json_process_hasRuntimeSpecFieldNames() throws Exception {
    JsonNode process = full().get("process");

    assertThat(fields(process))
        .containsExactly(
            "terminal",
            "user",
            "args",
            "env",
            "cwd",
            "capabilities",
            "rlimits",
            "noNewPrivileges",
            "oomScoreAdj");
    assertThat(fields(process.get("user"))).containsExactly("uid", "gid", "additionalGids");
    assertThat(process.get("user").get("uid").isInt()).isTrue();
    assertThat(process.get("user").get("additionalGids").get(0).asInt()).isEqualTo(50);
    assertThat(fields(process.get("capabilities")))
        .containsExactly("bounding", "effective", "inheritable", "permitted", "ambient");
    assertThat(fields(process.get("rlimits").get(0))).containsExactly("type", "hard", "soft");
    assertThat(process.get("rlimits").get(0).get("hard").isIntegralNumber()).isTrue();
  }

  @Test
  void json_mounts_haveDestinationTypeSourceOptions() throws Exception {
    JsonNode mounts = full().get("mounts");

    for (JsonNode mount : mounts) {
      assertThat(fields(mount)).containsExactly("destination", "type", "source", "options");
    }
  }

  @Test
  void json_linux_hasRuntimeSpecFieldNamesAndLeavesOutWhatIsUnset() throws Exception {
    JsonNode linux = full().get("linux");

    assertThat(fields(linux))
        .containsExactly(
            "namespaces", "resources", "cgroupsPath", "seccomp", "maskedPaths", "readonlyPaths");
    assertThat(fields(linux.get("namespaces").get(0))).containsExactly("type");
    JsonNode resources = linux.get("resources");
    assertThat(fields(resources)).containsExactly("devices", "memory", "cpu", "pids");
    assertThat(fields(resources.get("memory"))).containsExactly("limit", "swap");
    assertThat(fields(resources.get("cpu"))).containsExactly("quota", "period");
    assertThat(resources.get("cpu").get("quota").asLong()).isEqualTo(50_000);
    assertThat(fields(resources.get("pids"))).containsExactly("limit");
    assertThat(fields(resources.get("devices").get(0))).containsExactly("allow", "access");
    assertThat(fields(resources.get("devices").get(3)))
        .containsExactly("allow", "type", "major", "minor", "access");
  }

  @Test
  void json_seccomp_hasRuntimeSpecFieldNames() throws Exception {
    JsonNode seccomp = full().get("linux").get("seccomp");

    assertThat(fields(seccomp))
        .containsExactly("defaultAction", "defaultErrnoRet", "architectures", "syscalls");
    assertThat(seccomp.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(seccomp.get("defaultErrnoRet").asInt()).isEqualTo(1);
    assertThat(seccomp.get("architectures").get(0).asText()).isEqualTo("SCMP_ARCH_X86_64");
    JsonNode clone = null;
    for (JsonNode rule : seccomp.get("syscalls")) {
      assertThat(fields(rule)).startsWith("names", "action");
      if (rule.get("names").get(0).asText().equals("clone")) {
        clone = rule;
      }
    }
    assertThat(clone).isNotNull();
    assertThat(fields(clone)).containsExactly("names", "action", "args");
    assertThat(fields(clone.get("args").get(0)))
        .containsExactly("index", "value", "valueTwo", "op");
  }

  @Test
  void json_hasNoNulls() throws Exception {
    List<String> nulls = new ArrayList<>();
    collectNulls(full(), "", nulls);

    assertThat(nulls).isEmpty();
  }

  private static void collectNulls(JsonNode node, String path, List<String> nulls) {
    if (node.isNull()) {
      nulls.add(path);
    }
    if (node.isObject()) {
      node.properties().forEach(e -> collectNulls(e.getValue(), path + "." + e.getKey(), nulls));
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectNulls(node.get(i), path + "[" + i + "]", nulls);
      }
    }
  }
}
