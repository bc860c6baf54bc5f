package io.berth.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Functions callers add (the key-value store's kv and tree), and the dependencies they report. */
class CustomFunctionsTest {
  private static final Map<String, String> STORE =
      new TreeMap<>(
          Map.of(
              "/org/app/db/host", "db.local",
              "/org/app/db/port", "5432",
              "/org/app/feature/a", "on",
              "/org/app/feature/b", "off",
              "/org/other/x", "1"));

  private static final TemplateEngine ENGINE =
      TemplateEngine.builder()
          .function(
              "kv",
              1,
              call -> {
                String key = call.string(0);
                call.dependsOn(key);
                String value = STORE.get(key);
                if (value == null) {
                  throw new TemplateFunctionException("no key " + key);
                }
                return value;
              })
          .function(
              "tree",
              1,
              call -> {
                String prefix = call.string(0);
                call.dependsOn(prefix);
                List<Map<String, String>> pairs = new ArrayList<>();
                STORE.forEach(
                    (k, v) -> {
                      if (k.startsWith(prefix)) {
                        pairs.add(Map.of("key", k.substring(prefix.length()), "value", v));
                      }
                    });
                return pairs;
              })
          .build();

  @Test
  void kvAndTree_renderTheStore() {
    Template t =
        ENGINE.parse(
            "app.conf.tmpl",
            """
            db = {{ kv "/org/app/db/host" }}:{{ kv "/org/app/db/port" }}
            {{ range tree "/org/app/feature/" -}}
            feature.{{ .key }} = {{ .value }}
            {{ end -}}
            """);
    Rendered r = t.render(Map.of());
    assertThat(r.text()).isEqualTo("db = db.local:5432\nfeature.a = on\nfeature.b = off\n");
  }

  @Test
  void dependencies_areWhatTheFunctionsRead_inOrder_once() {
    Template t =
        ENGINE.parse(
            "t",
            "{{ kv \"/org/app/db/host\" }}{{ range 3 }}{{ tree \"/org/app/feature/\" }}{{ end }}"
                + "{{ env \"HOME\" }}{{ kv \"/org/app/db/host\" }}");
    Rendered r = t.render(Map.of());
    assertThat(r.dependencies())
        .containsExactly(
            new Dependency("kv", "/org/app/db/host"),
            new Dependency("tree", "/org/app/feature/"),
            new Dependency("env", "HOME"));
    assertThatThrownBy(() -> r.dependencies().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void dependencies_areOnlyWhatThisRenderRead() {
    Template t =
        ENGINE.parse(
            "t",
            "{{ if .A }}{{ kv \"/org/app/db/host\" }}{{ else }}{{ kv \"/org/other/x\" }}{{ end }}");
    assertThat(t.render(Map.of("A", true)).dependencies())
        .containsExactly(new Dependency("kv", "/org/app/db/host"));
    assertThat(t.render(Map.of("A", false)).dependencies())
        .containsExactly(new Dependency("kv", "/org/other/x"));
  }

  @Test
  void aFailingFunction_stillReportsWhatItRead_inTheException() {
    TemplateException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            TemplateException.class,
            () -> ENGINE.parse("app.tmpl", "\n\n  {{ kv \"/nope\" }}").render(Map.of()));
    assertThat(e).hasMessage("app.tmpl:3:6: kv: no key /nope");
    assertThat(e.getCause()).isInstanceOf(TemplateFunctionException.class);
  }

  @Test
  void call_givesArgumentsAndConversions() {
    List<Object> seen = new ArrayList<>();
    TemplateEngine engine =
        TemplateEngine.builder()
            .function(
                "probe",
                0,
                TemplateEngine.Builder.ANY,
                call -> {
                  seen.add(call.name());
                  seen.add(call.args());
                  seen.add(call.string(0) + "|" + call.string(1) + "|" + call.string(2));
                  seen.add(call.integer(2) + call.integer(3));
                  seen.add(call.env("X"));
                  return "ok";
                })
            .build();
    String out =
        engine
            .parse("t", "{{ \"piped\" | probe 1.5 .NOPE \"40\" 2 }}")
            .render(Map.of(), Map.of("X", "from env"))
            .text();
    assertThat(out).isEqualTo("ok");
    assertThat(seen)
        .containsExactly(
            "probe",
            java.util.Arrays.asList(1.5, null, "40", 2L, "piped"),
            "1.5||40",
            42L,
            "from env");
  }

  @Test
  void call_refusesArgumentsOfTheWrongKind() {
    TemplateEngine engine =
        TemplateEngine.builder().function("twice", 1, call -> call.integer(0) * 2).build();
    assertThat(engine.parse("t", "{{ twice 21 }} {{ twice \"4\" }}").render(Map.of()).text())
        .isEqualTo("42 8");
    assertThatThrownBy(() -> engine.parse("t", "{{ twice \"x\" }}").render(Map.of()))
        .hasMessage("t:1:4: twice: argument 1 must be a whole number, not the string \"x\"");
  }

  @Test
  void registration_isChecked() {
    var builder = TemplateEngine.builder();
    assertThatThrownBy(() -> builder.function("default", 1, call -> null))
        .hasMessage("a function named default already exists");
    assertThatThrownBy(() -> builder.function("range", 1, call -> null))
        .hasMessage("range is a keyword of the template language");
    assertThatThrownBy(() -> builder.function("my-fn", 1, call -> null))
        .hasMessage("a function name is a Go identifier, not my-fn");
    assertThatThrownBy(() -> builder.function("f", 2, 1, call -> null))
        .hasMessage("bad argument counts for f: 2 to 1");
  }

  @Test
  void arityOfAddedFunctions_isCheckedAtParseTime() {
    assertThatThrownBy(() -> ENGINE.parse("t", "{{ kv }}"))
        .hasMessage("t:1:4: kv takes 1 argument, but gets 0");
    assertThatThrownBy(() -> ENGINE.parse("t", "{{ \"/a\" | kv \"/b\" }}"))
        .hasMessage("t:1:11: kv takes 1 argument, but gets 2 (counting the piped value)");
  }

  @Test
  void enginesAreIndependent() {
    assertThatThrownBy(() -> TemplateEngine.standard().parse("t", "{{ kv \"/a\" }}"))
        .hasMessage("t:1:4: unknown function \"kv\"");
  }

  @Test
  @Timeout(30)
  void oneTemplate_rendersOnManyThreadsAtOnce() throws Exception {
    Template t =
        ENGINE.parse(
            "t",
            "{{ $n := .n }}{{ range $i := loop 50 }}{{ if $i }},{{ end }}{{ $n }}-{{ $i }}{{ end }}"
                + "{{ kv \"/org/app/db/host\" }}");
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Rendered>> results = new ArrayList<>();
      for (int n = 0; n < 200; n++) {
        int id = n;
        results.add(pool.submit(() -> t.render(Map.of("n", id))));
      }
      for (int n = 0; n < 200; n++) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
          expected.append(i > 0 ? "," : "").append(n).append('-').append(i);
        }
        Rendered r = results.get(n).get(10, TimeUnit.SECONDS);
        assertThat(r.text()).isEqualTo(expected + "db.local");
        assertThat(r.dependencies()).containsExactly(new Dependency("kv", "/org/app/db/host"));
      }
    }
  }
}
