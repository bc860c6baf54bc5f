package io.berth.template;

import static io.berth.template.Render.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every mistake found before a render, with the line and column it is at. */
class ParseErrorsTest {
  static void assertError(String text, int line, int column, String problem) {
    TemplateException e = error(text);
    assertThat(e.source()).isEqualTo("t.tmpl");
    assertThat(e.problem()).isEqualTo(problem);
    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.column()).as("column").isEqualTo(column);
  }

  @Test
  void parseErrors_comeFromParseNotRender() {
    TemplateEngine engine = TemplateEngine.standard();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.parse("x.tmpl", "{{ uper }}"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("x.tmpl:1:4: unknown function \"uper\"; did you mean \"upper\"?");
  }

  @Test
  void unclosedAction_pointsAtItsOpening() {
    assertError("a {{ .NAME", 1, 3, "unclosed action: this \"{{\" has no \"}}\"");
    assertError(
        "ok {{ .A }}\n  {{ if .B }}\n{{ .C ", 3, 1, "unclosed action: this \"{{\" has no \"}}\"");
    assertError(
        "{{ {{ }}", 1, 4, "unexpected \"{{\" inside an action: the action before it is not closed");
  }

  @Test
  void comments() {
    assertError(
        "line1\n  {{ .NAME }} {{/* unclosed",
        2,
        15,
        "unclosed comment: this \"{{/*\" has no \"*/}}\"");
    assertError(
        "{{/* c */ }}",
        1,
        8,
        "a comment must end with \"*/}}\" (or \"*/ -}}\"), right after the \"*/\"");
  }

  @Test
  void badLiterals() {
    assertError("{{ \"abc }}", 1, 4, "unclosed string: this '\"' has no closing '\"' on its line");
    assertError("{{ `abc }}", 1, 4, "unclosed raw string: this \"`\" has no closing \"`\"");
    assertError(
        "{{ 'ab' }}", 1, 4, "bad character constant: expected one character between single quotes");
    assertError("{{ 12ab }}", 1, 4, "bad number \"12ab\"");
    assertError("{{ 99999999999999999999 }}", 1, 4, "bad number \"99999999999999999999\"");
    assertError("{{ \"\\q\" }}", 1, 5, "unknown escape \"\\q\" in a string");
    assertError("{{ \"\\u12\" }}", 1, 5, "a \\u escape needs 4 hex digits");
  }

  @Test
  void badCharacters() {
    assertError("{{ # }}", 1, 4, "unexpected character '#' in an action");
    assertError("{{ .NAME ; }}", 1, 10, "unexpected character ';' in an action");
    assertError("{{ : }}", 1, 4, "expected \":=\" after \":\"");
    assertError("{{ \"a\"\"b\" }}", 1, 7, "expected a space before \"b\"");
  }

  @Test
  void unbalancedControl() {
    assertError("{{end}}", 1, 3, "{{end}} without an {{if}}, {{range}} or {{with}}");
    assertError("a\n{{ else }}", 2, 4, "{{else}} without an {{if}}, {{range}} or {{with}}");
    assertError("x\n{{ if .NAME }}\nyes", 2, 4, "{{if}} is never closed: expected an {{end}}");
    assertError(
        "{{ range .l }}{{ with .x }}{{ end }}",
        1,
        4,
        "{{range}} is never closed: expected an {{end}}");
    assertError("{{ if 1 }}{{ else if 2 }}", 1, 19, "{{if}} is never closed: expected an {{end}}");
    assertError(
        "{{ range .list }}{{else}}a{{else}}b{{end}}",
        1,
        29,
        "a second {{else}} in the {{range}} at 1:4");
    assertError("{{ if 1 }}{{ end x }}", 1, 18, "unexpected \"x\" in {{end}}: expected \"}}\"");
  }

  @Test
  void missingValues() {
    assertError("{{ with }}{{end}}", 1, 9, "missing value for {{with}}");
    assertError("{{ if }}{{ end }}", 1, 7, "missing value for {{if}}");
    assertError("{{ }}", 1, 4, "missing value for the action: {{ }} holds nothing");
    assertError("{{ () }}", 1, 5, "missing value for the parentheses: () hold nothing");
    assertError("{{ .NAME | }}", 1, 12, "missing command after \"|\"");
  }

  @Test
  void unknownFunction_suggestsTheClosestName() {
    assertError("{{ uper .NAME }}", 1, 4, "unknown function \"uper\"; did you mean \"upper\"?");
    assertError("{{ 1 | frobnicate }}", 1, 8, "unknown function \"frobnicate\"");
  }

  @Test
  void wrongArgumentCount_countsThePipedValue() {
    assertError("{{ default }}", 1, 4, "default takes 1 or 2 arguments, but gets 0");
    assertError("{{ default 1 2 3 }}", 1, 4, "default takes 1 or 2 arguments, but gets 3");
    assertError(
        "{{ .NAME | default \"a\" \"b\" }}",
        1,
        12,
        "default takes 1 or 2 arguments, but gets 3 (counting the piped value)");
    assertError("{{ upper \"a\" \"b\" }}", 1, 4, "upper takes 1 argument, but gets 2");
    assertError("{{ eq 1 }}", 1, 4, "eq takes at least 2 arguments, but gets 1");
    assertError("{{ printf \"%s\" (len) }}", 1, 17, "len takes 1 argument, but gets 0");
    assertError(
        "{{ upper len }}",
        1,
        10,
        "len takes 1 argument, but gets 0 (put it in parentheses with its arguments)");
  }

  @Test
  void variables() {
    assertError("{{ $x }}", 1, 4, "undefined variable $x");
    assertError("{{ $x = 1 }}", 1, 4, "undefined variable $x: declare it with := first");
    assertError("{{ if true }}{{ $y := 1 }}{{ end }}\n{{ $y }}", 2, 4, "undefined variable $y");
    assertError("{{ range $i, $e := .l }}{{ end }}{{ $e }}", 1, 37, "undefined variable $e");
    assertError("{{ $ := 1 }}", 1, 4, "$ is the data the render started with and cannot be set");
    assertError(
        "{{ range $i, 3 }}{{end}}", 1, 14, "expected a second variable after \",\" in the range");
  }

  @Test
  void breakAndContinue_onlyInRange() {
    assertError("{{ break }}", 1, 4, "{{break}} outside a {{range}}");
    assertError(
        "{{ range .list }}{{ end }}{{ continue }}", 1, 30, "{{continue}} outside a {{range}}");
    assertError(
        "{{ range .l }}{{ else }}{{ break }}{{ end }}", 1, 28, "{{break}} outside a {{range}}");
  }

  @Test
  void namedTemplates_areNotSupported() {
    assertError(
        "{{ define \"x\" }}{{ end }}",
        1,
        4,
        "{{define}} is not supported: berth's templates have no named templates; write the text"
            + " where it is needed");
  }

  @Test
  void commands() {
    assertError(
        "{{ .NAME \"a\" }}",
        1,
        10,
        "only a function takes arguments, and \".NAME\" is not a function");
    assertError(
        "{{ \"a\" | \"b\" }}",
        1,
        10,
        "only a function can take the value of \"|\", and \"b\" is not a function");
    assertError("{{ nil }}", 1, 4, "nil is not a command");
    assertError("{{ print if }}", 1, 10, "{{if}} must begin its own action");
  }

  @Test
  void parentheses() {
    assertError("{{ (1 }}", 1, 4, "unclosed parenthesis: this \"(\" has no \")\"");
    assertError("{{ 1) }}", 1, 5, "unexpected \")\": no \"(\" is open");
  }

  @Test
  void columns_countCharactersNotBytes() {
    assertError("é€😀 {{ uper }}", 1, 8, "unknown function \"uper\"; did you mean \"upper\"?");
  }

  @Test
  void aParseError_isNotARenderError() {
    Template t = TemplateEngine.standard().parse("ok.tmpl", "{{ .A }}");
    assertThat(t.render(Map.of("A", 1)).text()).isEqualTo("1");
    assertThat(t.name()).isEqualTo("ok.tmpl");
  }
}
