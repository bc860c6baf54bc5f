package io.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
  @Test
  void get_openFiles_matchesProcSelfLimits() throws Exception {
    ResourceLimit limit = ResourceLimits.get(Resource.NOFILE);

    String line =
        Files.readAllLines(Path.of("/proc/self/limits")).stream()
            .filter(l -> l.startsWith("Max open files"))
            .findFirst()
            .orElseThrow();
    String[] columns = line.substring("Max open files".length()).strip().split("\\s+");
    assertThat(Long.toUnsignedString(limit.soft())).isEqualTo(columns[0]);
    assertThat(Long.toUnsignedString(limit.hard())).isEqualTo(columns[1]);
    assertThat(Long.compareUnsigned(limit.soft(), limit.hard())).isLessThanOrEqualTo(0);
  }

  @Test
  void get_everyResource_isReadable() throws Exception {
    for (Resource resource : Resource.values()) {
      ResourceLimit limit = ResourceLimits.get(resource);
      assertThat(limit.resource()).isEqualTo(resource);
    }
    assertThat(ResourceLimits.get(Resource.NPROC).toString()).startsWith("RLIMIT_NPROC soft ");
  }

  @Test
  void capToHard_aboveTheHardLimit_isLowered() {
    ResourceLimit limit = new ResourceLimit(Resource.NOFILE, 1024, 4096);

    assertThat(limit.capToHard(1_000_000)).isEqualTo(4096);
    assertThat(limit.capToHard(ResourceLimit.UNLIMITED)).isEqualTo(4096);
    assertThat(limit.capToHard(10)).isEqualTo(10);
    ResourceLimit none = new ResourceLimit(Resource.CORE, ResourceLimit.UNLIMITED, -1);
    assertThat(none.capToHard(5)).isEqualTo(5);
    assertThat(none).hasToString("RLIMIT_CORE soft unlimited hard unlimited");
  }

  @Test
  void parse_ociAndBareNames_giveTheResource() {
    assertThat(Resource.parse("RLIMIT_NOFILE")).isEqualTo(Resource.NOFILE);
    assertThat(Resource.parse("nproc")).isEqualTo(Resource.NPROC);
    assertThatThrownBy(() -> Resource.parse("RLIMIT_FILES"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown resource limit 'RLIMIT_FILES'")
        .hasMessageContaining("RLIMIT_NOFILE");
  }
}
