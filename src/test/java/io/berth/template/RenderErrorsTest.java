package io.berth.template;

import static io.berth.template.Render.error;
import static io.berth.template.Render.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mistakes only a render finds, each with the place of the action that made it. */
class RenderErrorsTest {
  private static final Map<String, Object> DATA =
      Map.of("NAME", "web", "list", List.of(1, 2), "N", "5");
  private static final TemplateEngine STRICT = TemplateEngine.builder().strict(true).build();

  static void assertError(
      TemplateEngine engine, String text, int line, int column, String problem) {
    TemplateException e = error(engine, text, DATA);
    assertThat(e.problem()).isEqualTo(problem);
    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.column()).as("column").isEqualTo(column);
  }

  static void assertError(String text, int line, int column, String problem) {
    assertError(TemplateEngine.standard(), text, line, column, problem);
  }

  @Test
  void fieldOfAValueWithoutFields() {
    assertError(
        "{{ .NAME.first }}", 1, 4, ".NAME.first: cannot read field .first of the string \"web\"");
    assertError("a\n  {{ .list.x }}", 2, 6, ".list.x: cannot read field .x of a list of 2");
  }

  @Test
  void fieldARecordDoesNotHave_listsTheFields() {
    record Backend(String address, int port) {}
    TemplateException e =
        error(TemplateEngine.standard(), "{{ .b.host }}", Map.of("b", new Backend("a", 1)));
    assertThat(e.problem())
        .isEqualTo(".b.host: record Backend has no field \"host\"; its fields are address, port");
  }

  @Test
  void rangeOverSomethingElse() {
    assertError(
        "{{ range .NAME }}x{{ end }}",
        1,
        4,
        "range cannot go over the string \"web\"; it takes a list, a map or a whole number");
    assertError(
        "{{ range $i, $e := 3 }}x{{ end }}",
        1,
        4,
        "a range over a number has one variable, not two");
  }

  @Test
  void comparisonsOfDifferentKinds() {
    assertError(
        "{{ eq .N 5 }}",
        1,
        4,
        "eq: cannot compare the string \"5\" with the number 5 (atoi turns a string of digits into"
            + " a number)");
    assertThat(render("{{ eq (atoi .N) 5 }}", DATA)).isEqualTo("true");
    assertError("{{ lt true false }}", 1, 4, "lt: cannot order true with false");
    assertError("{{ eq .list 1 }}", 1, 4, "eq: cannot compare a list of 2 with the number 1");
  }

  @Test
  void indexErrors() {
    assertError(
        "{{ index .list 5 }}", 1, 4, "index: index 5 is out of range: the list has 2 elements");
    assertError("{{ index .NAME 0 }}", 1, 4, "index: cannot index the string \"web\"");
    assertError(
        "{{ index .list \"a\" }}",
        1,
        4,
        "index: a list's index must be a whole number, not the string \"a\"");
  }

  @Test
  void printfErrors() {
    assertError(
        "{{ printf \"%d\" .N }}",
        1,
        4,
        "printf: \"%d\" needs a whole number, not the string \"5\" (atoi turns a string of digits"
            + " into a number)");
    assertError(
        "{{ printf \"%d %s\" 1 }}",
        1,
        4,
        "printf: \"%s\" has no argument: the format has more conversions than the 1 argument given");
    assertError("{{ printf \"%d\" 1 2 }}", 1, 4, "printf: 2 arguments but the format uses 1");
    assertError(
        "{{ printf \"%y\" 1 }}",
        1,
        4,
        "printf: unknown conversion \"%y\"; the known ones are %v %s %d %q %x %X %f %t %c %%");
    assertError("{{ printf \"%q\" 1 }}", 1, 4, "printf: \"%q\" needs a string, not the number 1");
  }

  @Test
  void argumentsOfTheWrongKind() {
    assertError("{{ len 5 }}", 1, 4, "len: cannot take the length of the number 5");
    assertError(
        "{{ join \",\" .NAME }}", 1, 4, "join: argument 2 must be a list, not the string \"web\"");
    assertError("{{ upper .list }}", 1, 4, "upper: argument 1 must be text, not a list of 2");
    assertError(
        "{{ atoi \"12x\" }}",
        1,
        4,
        "atoi: argument 1 must be a whole number, not the string \"12x\"");
    assertError(
        "{{ \"[1,2\" | parseJSON }}",
        1,
        13,
        "parseJSON: not JSON at line 1, column 5: Unexpected end-of-input: expected close marker"
            + " for Array");
    assertError(
        "{{ regexReplaceAll \"(\" \"x\" \"y\" }}",
        1,
        4,
        "regexReplaceAll: bad pattern: Unclosed group near offset 1");
  }

  @Test
  void lenient_missingValuesAreNothing() {
    assertThat(render("[{{ .NOPE }}][{{ upper .NOPE }}][{{ len .NOPE }}]", DATA))
        .isEqualTo("[][][0]");
    assertThat(render("{{ range .NOPE }}x{{ else }}none{{ end }}", DATA)).isEqualTo("none");
    assertThat(render("{{ eq .NOPE \"\" }}", DATA)).isEqualTo("true");
  }

  @Test
  void strict_missingValueIsAnErrorWherePrintedOrPassedOn() {
    assertError(
        STRICT,
        "{{ .NAME }}\n{{ .NOPE }}",
        2,
        4,
        "no value for .NOPE; in strict mode a missing value is an error: set it, or write .NOPE |"
            + " default \"...\"");
    assertError(
        STRICT,
        "{{ upper .NOPE.deeper }}",
        1,
        10,
        "no value for .NOPE.deeper; in strict mode a missing value is an error: set it, or write"
            + " .NOPE.deeper | default \"...\"");
    assertError(
        STRICT,
        "{{ range .NOPE }}x{{ end }}",
        1,
        10,
        "no value for .NOPE; in strict mode a missing value is an error: set it, or write .NOPE |"
            + " default \"...\"");
  }

  @Test
  void strict_missingValueInAVariable_namesWhereItWasRead() {
    assertError(
        STRICT,
        "{{ $x := .NOPE }}\n{{ $x }}",
        2,
        4,
        "no value for .NOPE (read at 1:10); in strict mode a missing value is an error: set it, or"
            + " write .NOPE | default \"...\"");
  }

  @Test
  void strict_conditionsAndDefaultsAcceptMissingValues() {
    Template t =
        STRICT.parse(
            "t.tmpl",
            "{{ if .NOPE }}y{{ else }}n{{ end }}{{ with .NOPE }}y{{ end }}"
                + "{{ not .NOPE }} {{ .NOPE | default \"d\" }} {{ or .NOPE \"o\" }}");
    assertThat(t.render(DATA).text()).isEqualTo("ntrue d o");
  }

  @Test
  void functionFailure_namesTheFunctionAndPlace() {
    TemplateEngine engine =
        TemplateEngine.builder()
            .function(
                "kv",
                1,
                call -> {
                  throw new TemplateFunctionException("no key " + call.string(0));
                })
            .function(
                "boom",
                0,
                call -> {
                  throw new IllegalStateException("store closed");
                })
            .build();
    assertError(engine, "line\n {{ kv \"/org/app/db\" }}", 2, 5, "kv: no key /org/app/db");
    TemplateException e = error(engine, "{{ boom }}", DATA);
    assertThat(e.problem()).isEqualTo("boom failed: java.lang.IllegalStateException: store closed");
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
  }
}
