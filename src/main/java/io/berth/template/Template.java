package io.berth.template;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed template, made by {@link TemplateEngine#parse}. It is immutable: render it as often as
 * needed, from as many threads as needed.
 */
public final class Template {
  private final String name;
  private final List<Node> nodes;
  private final Settings settings;

  Template(String name, List<Node> nodes, Settings settings) {
    this.name = name;
    this.nodes = nodes;
    this.settings = settings;
  }

  /** The name given at parse time, used in every message. */
  public String name() {
    return name;
  }

  /**
   * Renders with {@code data} as dot and no environment: {@code env "X"} is empty.
   *
   * @throws TemplateException naming the line and column of what failed
   */
  public Rendered render(Object data) {
    return render(data, Map.of());
  }

  /**
   * Renders with {@code data} as dot (for a config file templated from the environment, the
   * environment itself), and {@code environment} as what {@code env "NAME"} reads.
   *
   * @throws TemplateException naming the line and column of what failed
   */
  public Rendered render(Object data, Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    return Renderer.render(name, settings, nodes, data, environment);
  }

  @Override
  public String toString() {
    return "Template[" + name + "]";
  }
}
