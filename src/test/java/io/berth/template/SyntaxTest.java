package io.berth.template;

import static io.berth.template.Render.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The language: actions, fields, trimming, comments, control structures and variables. */
class SyntaxTest {
  record Backend(String address, int port, Map<String, String> tags) {}

  private static final Map<String, Object> DATA =
      Map.of(
          "NAME", "web",
          "db", Map.of("host", "db.local", "port", 5432, "replica", Map.of("host", "r.local")),
          "list", List.of("a", "b", "c"),
          "empty", List.of(),
          "backend", new Backend("10.0.0.1", 8080, Map.of("zone", "a")));

  @Test
  void textAlone_isCopied() {
    assertThat(render("plain text\n{ not an action }\n}}", DATA))
        .isEqualTo("plain text\n{ not an action }\n}}");
  }

  @Test
  void field_readsAKeyOfTheData() {
    assertThat(render("Hello, {{.NAME}}!", DATA)).isEqualTo("Hello, web!");
    assertThat(render("Hello, {{ .NAME }}!", DATA)).isEqualTo("Hello, web!");
  }

  @Test
  void missingField_printsNothing() {
    assertThat(render("Hello, {{.NOPE}}!", DATA)).isEqualTo("Hello, !");
    assertThat(render("[{{.NOPE.deeper.still}}]", DATA)).isEqualTo("[]");
    assertThat(render("[{{.db.nope}}]", DATA)).isEqualTo("[]");
  }

  @Test
  void nestedFields_onMapsAndRecords() {
    assertThat(render("{{.db.host}}:{{.db.port}} {{.db.replica.host}}", DATA))
        .isEqualTo("db.local:5432 r.local");
    assertThat(render("{{.backend.address}}:{{.backend.port}} {{.backend.tags.zone}}", DATA))
        .isEqualTo("10.0.0.1:8080 a");
  }

  @Test
  void dot_isTheWholeData() {
    assertThat(render("{{.}}", "just a string")).isEqualTo("just a string");
    assertThat(render("{{.}}", List.of(1, 2))).isEqualTo("[1 2]");
    assertThat(render("{{.}}", Map.of("b", 2, "a", 1))).isEqualTo("map[a:1 b:2]");
    assertThat(render("{{.backend}}", DATA)).isEqualTo("{10.0.0.1 8080 map[zone:a]}");
    assertThat(render("[{{.}}]", (Object) null)).isEqualTo("[]");
  }

  @Test
  void literals() {
    assertThat(render("{{\"a\\tb\\u00e9\\x41\"}} {{`raw\\n`}} {{'a'}}"))
        .isEqualTo("a\tbéA raw\\n 97");
    assertThat(render("{{1}} {{-2}} {{+3}} {{0x1F}} {{010}} {{1_000}}"))
        .isEqualTo("1 -2 3 31 8 1000");
    assertThat(render("{{1.5}} {{2.0}} {{1e3}} {{1e21}} {{0.00001}} {{.5}}"))
        .isEqualTo("1.5 2 1000 1e+21 1e-05 0.5");
    assertThat(render("{{true}} {{false}}")).isEqualTo("true false");
  }

  @Test
  void trimMarkers_removeWhitespaceOnTheirSide() {
    assertThat(render("a  \n {{- .NAME -}} \n\t b", DATA)).isEqualTo("aweb" + "b");
    assertThat(render("a  {{- .NAME }}  b", DATA)).isEqualTo("aweb  b");
    assertThat(render("a  {{ .NAME -}}  b", DATA)).isEqualTo("a  webb");
    // without a space, the dash belongs to a number
    assertThat(render("a {{-3}} b")).isEqualTo("a -3 b");
  }

  @Test
  void comments_leaveNothing() {
    assertThat(render("a{{/* a comment */}}b")).isEqualTo("ab");
    assertThat(render("a {{- /* spans\nlines */ -}} b")).isEqualTo("ab");
    assertThat(render("a {{/* {{ .NOT_AN_ACTION }} */}} b")).isEqualTo("a  b");
  }

  @Test
  void actionsMaySpanLines() {
    assertThat(render("{{ if\n  .NAME }}yes{{\nend }}", DATA)).isEqualTo("yes");
  }

  @Test
  void ifElseIfElse() {
    String t = "{{if eq .N 1}}one{{else if eq .N 2}}two{{else if eq .N 3}}three{{else}}many{{end}}";
    assertThat(render(t, Map.of("N", 1))).isEqualTo("one");
    assertThat(render(t, Map.of("N", 2))).isEqualTo("two");
    assertThat(render(t, Map.of("N", 3))).isEqualTo("three");
    assertThat(render(t, Map.of("N", 9))).isEqualTo("many");
  }

  @Test
  void truth_isGos() {
    String t = "{{range .}}{{if .}}T{{else}}F{{end}}{{end}}"; // each element as a condition
    List<Object> values = new java.util.ArrayList<>();
    values.addAll(List.of(false, 0, 0.0, "", List.of(), Map.of()));
    values.add(null);
    values.addAll(List.of(true, 1, -0.5, "x", List.of(0), Map.of("k", "")));
    assertThat(render(t, values)).isEqualTo("FFFFFFF" + "TTTTTT");
    assertThat(render("{{if .NOPE}}T{{else}}F{{end}}", DATA)).isEqualTo("F");
  }

  @Test
  void range_overList_setsDotAndVariables() {
    assertThat(render("{{range .list}}<{{.}}>{{end}}", DATA)).isEqualTo("<a><b><c>");
    assertThat(render("{{range $e := .list}}{{$e}}{{end}}", DATA)).isEqualTo("abc");
    assertThat(render("{{range $i, $e := .list}}{{$i}}={{$e}} {{end}}", DATA))
        .isEqualTo("0=a 1=b 2=c ");
  }

  @Test
  void range_overMap_goesInKeyOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 2);
    m.put("c", 3);
    m.put("a", 1);
    assertThat(render("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", m)).isEqualTo("a=1;b=2;c=3;");
    assertThat(render("{{range .}}{{.}}{{end}}", m)).isEqualTo("123");
  }

  @Test
  void range_overNumber_countsFromZero() {
    assertThat(render("{{range 3}}{{.}}{{end}}")).isEqualTo("012");
    assertThat(render("{{range $n := 2}}{{$n}}{{end}}")).isEqualTo("01");
  }

  @Test
  void range_elseRunsWhenThereIsNothing() {
    assertThat(render("{{range .empty}}x{{else}}none{{end}}", DATA)).isEqualTo("none");
    assertThat(render("{{range .NOPE}}x{{else}}none{{end}}", DATA)).isEqualTo("none");
    assertThat(render("{{range 0}}x{{else}}none{{end}}", DATA)).isEqualTo("none");
  }

  @Test
  void breakAndContinue() {
    assertThat(render("{{range 10}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}")).isEqualTo("012");
    assertThat(render("{{range 5}}{{if eq . 1 3}}{{continue}}{{end}}{{.}}{{end}}"))
        .isEqualTo("024");
    // break leaves the innermost range only
    assertThat(render("{{range 2}}[{{range 5}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}]{{end}}"))
        .isEqualTo("[01][01]");
  }

  @Test
  void with_setsDotWhenNotEmpty() {
    assertThat(render("{{with .db.replica}}{{.host}}{{end}}", DATA)).isEqualTo("r.local");
    assertThat(render("{{with .NOPE}}{{.}}{{else}}absent{{end}}", DATA)).isEqualTo("absent");
    assertThat(render("{{with $h := .db.host}}{{$h}}={{.}}{{end}}", DATA))
        .isEqualTo("db.local=db.local");
    assertThat(render("{{with .NOPE}}a{{else with .db.host}}{{.}}{{end}}", DATA))
        .isEqualTo("db.local");
  }

  @Test
  void nested_rangeWithIf() {
    Map<String, Object> data =
        Map.of(
            "services",
            List.of(
                Map.of("name", "web", "hosts", List.of("w1", "w2")),
                Map.of("name", "db", "hosts", List.of()),
                Map.of("name", "cache", "hosts", List.of("c1"))));
    String t =
        """
        {{- range $s := .services }}
        {{ .name }}:{{ range $i, $h := .hosts }}{{ if $i }},{{ end }} {{ $h }}@{{ $s.name }}\
        {{- else }} (none){{ end }}
        {{- end }}
        """;
    assertThat(render(t, data)).isEqualTo("\nweb: w1@web, w2@web\ndb: (none)\ncache: c1@cache\n");
  }

  @Test
  void variables_declaredAssignedAndScoped() {
    assertThat(render("{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}")).isEqualTo("12");
    // assigned inside a range, the outer variable keeps the last value
    assertThat(render("{{$last := \"\"}}{{range .list}}{{$last = .}}{{end}}{{$last}}", DATA))
        .isEqualTo("c");
    // declared inside, a variable of the same name shadows until the end of the block
    assertThat(render("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}")).isEqualTo("21");
    // $ is the data the render started with, also where dot has moved
    assertThat(render("{{range .list}}{{.}}{{$.NAME}} {{end}}", DATA)).isEqualTo("aweb bweb cweb ");
    assertThat(render("{{$d := .db}}{{$d.replica.host}}", DATA)).isEqualTo("r.local");
  }

  @Test
  void ifDeclaration_isVisibleInBothBranches() {
    assertThat(render("{{if $h := .db.host}}{{$h}}{{else}}no {{$h}}{{end}}", DATA))
        .isEqualTo("db.local");
    assertThat(render("{{if $h := .NOPE}}{{$h}}{{else}}no[{{$h}}]{{end}}", DATA)).isEqualTo("no[]");
  }

  @Test
  void pipelines_passTheValueLast() {
    assertThat(render("{{ .NAME | upper | printf \"<%s>\" }}", DATA)).isEqualTo("<WEB>");
    assertThat(render("{{ \"a,b\" | split \",\" | join \"+\" }}")).isEqualTo("a+b");
  }

  @Test
  void parentheses_groupAPipelineAndTakeFields() {
    assertThat(render("{{ printf \"%s-%s\" (upper .NAME) (.NAME | lower) }}", DATA))
        .isEqualTo("WEB-web");
    assertThat(render("{{ (parseJSON `{\"a\":{\"b\":[1,2]}}`).a.b }}")).isEqualTo("[1 2]");
    assertThat(render("{{ (index .list 1) }}", DATA)).isEqualTo("b");
  }

  @Test
  void functionWithoutParentheses_asAnArgument_isCalledWithNoArguments() {
    TemplateEngine engine = TemplateEngine.builder().function("now", 0, call -> "noon").build();
    assertThat(engine.parse("t", "{{ upper now }}").render(Map.of()).text()).isEqualTo("NOON");
  }
}
