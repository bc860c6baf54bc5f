package io.berth.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The process's argv: Docker's Entrypoint/Cmd matrix, and tini in front for --init. */
class ProcessArgsTest {
  private static final List<String> NONE = null;

  static Stream<Arguments> dockerMatrix() {
    return Stream.of(
        // image Entrypoint, image Cmd, --entrypoint, command, argv
        Arguments.of(NONE, List.of("sh"), NONE, NONE, List.of("sh")),
        Arguments.of(NONE, List.of("sh"), NONE, List.of("echo", "hi"), List.of("echo", "hi")),
        Arguments.of(List.of("/ep"), List.of("a"), NONE, NONE, List.of("/ep", "a")),
        Arguments.of(List.of("/ep"), List.of("a"), NONE, List.of("b"), List.of("/ep", "b")),
        Arguments.of(List.of("/ep"), NONE, NONE, NONE, List.of("/ep")),
        Arguments.of(List.of("/ep", "-x"), List.of("a"), NONE, NONE, List.of("/ep", "-x", "a")),
        // a non-empty --entrypoint replaces the image's and drops its Cmd
        Arguments.of(List.of("/ep"), List.of("a"), List.of("/new"), NONE, List.of("/new")),
        Arguments.of(
            List.of("/ep"), List.of("a"), List.of("/new"), List.of("b"), List.of("/new", "b")),
        Arguments.of(NONE, List.of("sh"), List.of("/new"), NONE, List.of("/new")),
        // --entrypoint "" clears the entrypoint and keeps the image's Cmd (Docker's merge)
        Arguments.of(List.of("/ep"), List.of("a"), List.of(), NONE, List.of("a")),
        Arguments.of(List.of("/ep"), List.of("a"), List.of(), List.of("b"), List.of("b")),
        // an empty command is no command
        Arguments.of(List.of("/ep"), List.of("a"), NONE, List.of(), List.of("/ep", "a")),
        Arguments.of(NONE, NONE, NONE, List.of("x"), List.of("x")));
  }

  @ParameterizedTest(name = "[{index}] Entrypoint {0} Cmd {1} --entrypoint {2} command {3}")
  @MethodSource("dockerMatrix")
  void args_followDockersEntrypointAndCmdRules(
      List<String> imageEntrypoint,
      List<String> imageCmd,
      List<String> entrypoint,
      List<String> command,
      List<String> expected) {
    SpecFixture fixture = SpecFixture.image();
    fixture.imageEntrypoint = imageEntrypoint;
    fixture.imageCmd = imageCmd;
    fixture.entrypoint = entrypoint;
    fixture.command = command;

    assertThat(fixture.build().process().args()).isEqualTo(expected);
  }

  @Test
  void args_nothingToRun_failsNamingTheImage() {
    SpecFixture fixture = SpecFixture.image();
    fixture.imageCmd = null;

    assertThatThrownBy(fixture::build)
        .isInstanceOf(InvalidContainerException.class)
        .hasMessage(
            "no command: the image registry.test/team/app:1.0 sets neither Entrypoint nor Cmd;"
                + " give one");
  }

  @Test
  void args_emptyEntrypointAndNoCmd_fails() {
    SpecFixture fixture = SpecFixture.image().imageEntrypoint("/ep").entrypoint();
    fixture.imageCmd = null;

    assertThatThrownBy(fixture::build)
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("no command");
  }

  @Test
  void args_emptyProgramName_fails() {
    assertThatThrownBy(() -> SpecFixture.image().command("", "x").build())
        .isInstanceOf(InvalidContainerException.class)
        .hasMessageContaining("empty program name");
  }

  @Test
  void args_withInit_runTiniFirstWithTheCommandAfterDashDash() {
    OciSpec spec = SpecFixture.image().imageEntrypoint("/ep").imageCmd("a").init().build();

    assertThat(spec.process().args()).containsExactly("/dev/init", "--", "/ep", "a");
    assertThat(spec.mounts())
        .filteredOn(m -> m.destination().equals("/dev/init"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.type()).isEqualTo("bind");
              assertThat(m.source()).isEqualTo("/usr/bin/tini-static");
              assertThat(m.options()).contains("bind", "ro", "nosuid");
            });
  }

  @Test
  void args_withoutInit_mountNoTini() {
    assertThat(SpecFixture.image().build().mounts())
        .noneMatch(m -> m.destination().equals("/dev/init"));
  }
}
