package io.berth.template;

import static io.berth.template.Render.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile templates stop at a limit, with a message, quickly, and without exhausting memory. */
@Timeout(20)
class LimitsTest {
  private static final TemplateEngine SMALL =
      TemplateEngine.builder().maxOutput(100).maxDepth(5).maxSteps(10_000).build();

  @Test
  void output_stopsAtTheLimit_namingTheActionThatCrossedIt() {
    TemplateException e = error(SMALL, "{{ range 200 }}x{{ end }}", Map.of());
    assertThat(e.problem())
        .isEqualTo("the output would be longer than the limit of 100 characters");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(16);
    assertThat(SMALL.parse("t", "{{ range 100 }}x{{ end }}").render(Map.of()).text()).hasSize(100);
  }

  @Test
  void output_ofOneLongValueStopsToo() {
    TemplateException e = error(SMALL, "{{ . }}", "y".repeat(101));
    assertThat(e.problem())
        .isEqualTo("the output would be longer than the limit of 100 characters");
  }

  @Test
  void textThatDoublesInAVariable_stopsAtTheLimit() {
    TemplateException e =
        error(
            SMALL,
            "{{ $x := \"ab\" }}{{ range 64 }}{{ $x = printf \"%s%s\" $x $x }}{{ end }}",
            Map.of());
    assertThat(e.problem())
        .isEqualTo("printf: the text would be longer than the limit of 100 characters");
    assertThat(e.column()).isEqualTo(39);
  }

  @Test
  void functionsThatGrowText_checkBeforeBuilding() {
    TemplateEngine engine = TemplateEngine.builder().maxOutput(1000).build();
    assertThat(error(engine, "{{ printf \"%999999999d\" 1 }}", Map.of()).problem())
        .isEqualTo("printf: the text would be longer than the limit of 1000 characters");
    assertThat(
            error(
                    engine,
                    "{{ replace \"a\" \"aaaaaaaaaaaaaaaaaaaa\" .s }}",
                    Map.of("s", "a".repeat(100)))
                .problem())
        .isEqualTo("replace: the text would be longer than the limit of 1000 characters");
    assertThat(error(engine, "{{ json (loop 1000000000) }}", Map.of()).problem())
        .isEqualTo("json: the text would be longer than the limit of 1000 characters");
    assertThat(error(engine, "{{ join \",\" (loop 1000000) }}", Map.of()).problem())
        .isEqualTo("join: the text would be longer than the limit of 1000 characters");
  }

  @Test
  void nesting_isLimitedAtParseTime() {
    String deep = "{{ if 1 }}".repeat(6) + "{{ end }}".repeat(6);
    TemplateException e = error(SMALL, deep, Map.of());
    assertThat(e.problem()).isEqualTo("nested more than 5 levels deep");
    assertThat(e.column()).isEqualTo(54);
    assertThat(
            error(SMALL, "{{ " + "(".repeat(6) + "1" + ")".repeat(6) + " }}", Map.of()).problem())
        .isEqualTo("nested more than 5 levels deep");
    String fine = "{{ if 1 }}".repeat(5) + "ok" + "{{ end }}".repeat(5);
    assertThat(SMALL.parse("t", fine).render(Map.of()).text()).isEqualTo("ok");
  }

  @Test
  void theDefaultDepth_keepsAHugeNestingFromTheStack() {
    String deep = "{{ if 1 }}".repeat(100_000);
    assertThatThrownBy(() -> TemplateEngine.standard().parse("t", deep))
        .isInstanceOf(TemplateException.class)
        .hasMessage("t:1:1004: nested more than 100 levels deep");
  }

  @Test
  void work_isLimited_evenWhenNothingIsPrinted() {
    long start = System.nanoTime();
    TemplateException e =
        error(
            SMALL,
            "{{ range loop 1000000000 }}{{ range loop 1000000000 }}{{ end }}{{ end }}",
            Map.of());
    assertThat(e.problem())
        .isEqualTo(
            "the render needs more than 10000 steps of work; is a range, a loop or a text too long?");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void work_countsTheCharactersARegexReads() {
    TemplateEngine engine = TemplateEngine.builder().maxSteps(10_000).build();
    // catastrophic backtracking: unguarded, Java takes minutes on 28 a's
    long start = System.nanoTime();
    TemplateException e =
        error(engine, "{{ regexReplaceAll \"((a*)*)*b\" \"x\" .s }}", Map.of("s", "a".repeat(28)));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(e.problem())
        .isEqualTo(
            "regexReplaceAll: the render needs more than 10000 steps of work; is a range, a loop"
                + " or a text too long?");
  }

  @Test
  void work_countsLongTexts() {
    TemplateEngine engine = TemplateEngine.builder().maxSteps(1_000).build();
    String mb = "x".repeat(1 << 20);
    TemplateException e =
        error(engine, "{{ range 10 }}{{ $y := upper $.s }}{{ end }}", Map.of("s", mb));
    assertThat(e.problem())
        .isEqualTo(
            "the render needs more than 1000 steps of work; is a range, a loop or a text too long?");
  }

  @Test
  void aValueThatHoldsItself_doesNotLoopForever() {
    Map<String, Object> loop = new java.util.HashMap<>();
    loop.put("self", loop);
    assertThat(error("{{ . }}", loop).problem())
        .isEqualTo("a value nested more than 100 levels deep");
  }

  @Test
  void limits_mustBePositive() {
    assertThatThrownBy(() -> TemplateEngine.builder().maxOutput(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
