package io.berth.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

/** Shortcuts for tests: render a text, or catch the error it raises. */
final class Render {
  private Render() {}

  static String render(String text, Object data) {
    return TemplateEngine.standard().parse("t.tmpl", text).render(data).text();
  }

  static String render(String text) {
    return render(text, Map.of());
  }

  static TemplateException error(TemplateEngine engine, String text, Object data) {
    TemplateException e =
        catchThrowableOfType(
            TemplateException.class, () -> engine.parse("t.tmpl", text).render(data));
    assertThat(e).as("an error for %s", text).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo(
            e.line() > 0
                ? "t.tmpl:%d:%d: %s".formatted(e.line(), e.column(), e.problem())
                : "t.tmpl: " + e.problem());
    return e;
  }

  static TemplateException error(String text, Object data) {
    return error(TemplateEngine.standard(), text, data);
  }

  static TemplateException error(String text) {
    return error(text, Map.of());
  }
}
