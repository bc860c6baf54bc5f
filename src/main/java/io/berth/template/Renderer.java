package io.berth.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One render of a parsed template: walks its nodes with the data as dot, keeps the variables, the
 * output and the dependencies the functions report, and counts the work against the limits. Used
 * once, by one thread.
 */
final class Renderer {
  private enum Flow {
    NORMAL,
    BREAK,
    CONTINUE
  }

  /** Marks a call that has no piped value. */
  private static final Object NOT_PIPED = new Object();

  private final String source;
  private final Settings settings;
  private final Map<String, String> env;
  private final LinkedHashSet<Dependency> dependencies = new LinkedHashSet<>();
  private final StringBuilder out = new StringBuilder();
  private final List<String> names = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();
  private long steps;

  private Renderer(String source, Settings settings, Object data, Map<String, String> env) {
    this.source = source;
    this.settings = settings;
    this.env = env;
    names.add("$");
    values.add(data);
  }

  static Rendered render(
      String source, Settings settings, List<Node> nodes, Object data, Map<String, String> env) {
    Renderer renderer = new Renderer(source, settings, data, env);
    renderer.walk(data, nodes);
    return new Rendered(renderer.out.toString(), renderer.dependencies);
  }

  String env(String key) {
    return env.get(key);
  }

  void dependsOn(Dependency dependency) {
    dependencies.add(dependency);
  }

  int maxOutput() {
    return settings.maxOutput();
  }

  void charge(long work) {
    steps += work;
    if (steps > settings.maxSteps()) {
      throw new Problem(tooMuchWork());
    }
  }

  private String tooMuchWork() {
    return "the render needs more than "
        + settings.maxSteps()
        + " steps of work; is a range, a loop or a text too long?";
  }

  private void step(Pos pos) {
    if (++steps > settings.maxSteps()) {
      throw fail(pos, tooMuchWork());
    }
  }

  private Flow walk(Object dot, List<Node> nodes) {
    for (Node node : nodes) {
      step(node.pos());
      Flow flow =
          switch (node) {
            case Node.Text t -> {
              emit(t.text(), t.pos());
              yield Flow.NORMAL;
            }
            case Node.Print p -> {
              Object v = pipeline(dot, p.pipeline(), true);
              if (p.pipeline().binding() == Pipeline.Binding.NONE) {
                emit(printable(v, p.pos()), p.pos());
              }
              yield Flow.NORMAL;
            }
            case Node.If i -> {
              int mark = values.size();
              Object v = pipeline(dot, i.condition(), true);
              Flow f = walk(dot, Values.isTrue(v) ? i.then() : i.otherwise());
              pop(mark);
              yield f;
            }
            case Node.With w -> {
              int mark = values.size();
              Object v = pipeline(dot, w.value(), true);
              Flow f = Values.isTrue(v) ? walk(v, w.body()) : walk(dot, w.otherwise());
              pop(mark);
              yield f;
            }
            case Node.Range r -> range(dot, r);
            case Node.Break b -> Flow.BREAK;
            case Node.Continue c -> Flow.CONTINUE;
          };
      if (flow != Flow.NORMAL) {
        return flow;
      }
    }
    return Flow.NORMAL;
  }

  private Flow range(Object dot, Node.Range r) {
    int mark = values.size();
    Pipeline over = r.over();
    Object value = pipeline(dot, over, false);
    List<String> vars = over.variables();
    boolean ranged = false;
    switch (value) {
      case null -> {}
      case Missing m -> {
        if (settings.strict()) {
          throw fail(m.pos(), missing(m, m.pos()));
        }
      }
      case Map<?, ?> map -> {
        for (Map.Entry<?, ?> e : Values.sortedEntries(map)) {
          ranged = true;
          if (iterate(r, mark, Numbers.normalize(e.getKey()), Numbers.normalize(e.getValue()))) {
            break;
          }
        }
      }
      default -> {
        List<?> list = Values.asList(value);
        if (list != null) {
          for (int i = 0; i < list.size(); i++) {
            ranged = true;
            if (iterate(r, mark, (long) i, Numbers.normalize(list.get(i)))) {
              break;
            }
          }
        } else if (Numbers.isIntegral(value)) {
          if (vars.size() == 2) {
            throw fail(r.pos(), "a range over a number has one variable, not two");
          }
          long n = Numbers.toLong(value);
          for (long i = 0; i < n; i++) {
            ranged = true;
            if (iterate(r, mark, i, i)) {
              break;
            }
          }
        } else {
          throw fail(
              r.pos(),
              "range cannot go over "
                  + Values.describe(value)
                  + "; it takes a list, a map or a whole number");
        }
      }
    }
    pop(mark);
    if (!ranged) {
      Flow f = walk(dot, r.otherwise());
      pop(mark);
      return f;
    }
    return Flow.NORMAL;
  }

  /** Runs a range's body once; returns whether it said {@code {{break}}}. */
  private boolean iterate(Node.Range r, int mark, Object key, Object element) {
    step(r.pos());
    pop(mark);
    Pipeline over = r.over();
    List<String> vars = over.variables();
    if (vars.size() == 1) {
      bind(over, vars.getFirst(), element);
    } else if (vars.size() == 2) {
      bind(over, vars.get(0), key);
      bind(over, vars.get(1), element);
    }
    return walk(element, r.body()) == Flow.BREAK;
  }

  private Object pipeline(Object dot, Pipeline p, boolean bind) {
    List<Expr> commands = p.commands();
    Object value = eval(dot, commands.getFirst());
    for (int i = 1; i < commands.size(); i++) {
      value = call(dot, (Expr.Call) commands.get(i), value);
    }
    if (bind && !p.variables().isEmpty()) {
      bind(p, p.variables().getFirst(), value);
    }
    return value;
  }

  private void bind(Pipeline p, String name, Object value) {
    if (p.binding() == Pipeline.Binding.DECLARE) {
      names.add(name);
      values.add(value);
    } else {
      values.set(names.lastIndexOf(name), value);
    }
  }

  private void pop(int mark) {
    while (values.size() > mark) {
      values.removeLast();
      names.removeLast();
    }
  }

  private Object eval(Object dot, Expr e) {
    return switch (e) {
      case Expr.Literal l -> l.value();
      case Expr.Dot d -> dot;
      case Expr.Variable v -> values.get(names.lastIndexOf(v.name()));
      case Expr.Fields f -> fields(dot, f);
      case Expr.Group g -> pipeline(dot, g.pipeline(), false);
      case Expr.Call c -> call(dot, c, NOT_PIPED);
    };
  }

  private Object fields(Object dot, Expr.Fields f) {
    Object value = eval(dot, f.receiver());
    for (String name : f.names()) {
      if (value instanceof Missing m) {
        return new Missing(f.text(), m.pos());
      }
      if (value == null || !Values.hasField(value, name)) {
        return new Missing(f.text(), f.pos());
      }
      try {
        value = Values.field(value, name);
      } catch (Problem p) {
        throw fail(f.pos(), f.text() + ": " + p.getMessage());
      }
    }
    return value;
  }

  private Object call(Object dot, Expr.Call c, Object piped) {
    step(c.pos());
    Function f = c.function();
    List<Expr> args = c.args();
    int count = args.size() + (piped == NOT_PIPED ? 0 : 1);
    if (f.kind() != Function.Kind.ORDINARY) {
      Object last = null;
      for (int i = 0; i < count; i++) {
        last = i < args.size() ? eval(dot, args.get(i)) : piped;
        if (Values.isTrue(last) == (f.kind() == Function.Kind.OR)) {
          return last;
        }
      }
      return last;
    }
    Object[] given = new Object[count];
    long length = 0;
    for (int i = 0; i < count; i++) {
      Object v = i < args.size() ? eval(dot, args.get(i)) : piped;
      if (v instanceof Missing m) {
        if (settings.strict() && !f.acceptsMissing()) {
          throw fail(m.pos(), missing(m, m.pos()));
        }
        v = null;
      }
      if (v instanceof String s) {
        length += s.length();
      }
      given[i] = v;
    }
    Object result;
    try {
      result = Numbers.normalize(f.body().apply(new Call(f.name(), given, this)));
    } catch (TemplateException e) {
      throw e;
    } catch (TemplateFunctionException | Problem e) {
      throw fail(c.pos(), f.name() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw fail(c.pos(), f.name() + " failed: " + e, e);
    }
    if (result instanceof String s) {
      if (s.length() > settings.maxOutput()) {
        throw fail(c.pos(), f.name() + ": " + Values.tooLong(settings.maxOutput()).getMessage());
      }
      length += s.length();
    }
    try {
      charge(length / 1024);
    } catch (Problem p) {
      throw fail(c.pos(), p.getMessage());
    }
    return result;
  }

  private String printable(Object v, Pos pos) {
    if (v instanceof Missing m) {
      if (settings.strict()) {
        throw fail(pos, missing(m, pos));
      }
      return "";
    }
    try {
      return Values.print(v, settings.maxOutput());
    } catch (Problem p) {
      boolean tooLong = p.getMessage().equals(Values.tooLong(settings.maxOutput()).getMessage());
      throw fail(pos, tooLong ? outputLimit() : p.getMessage());
    }
  }

  private String missing(Missing m, Pos usedAt) {
    String where = m.pos().equals(usedAt) ? "" : " (read at " + m.pos() + ")";
    return "no value for %s%s; in strict mode a missing value is an error: set it, or write %s | default \"...\""
        .formatted(m.text(), where, m.text());
  }

  private void emit(String text, Pos pos) {
    if (out.length() + (long) text.length() > settings.maxOutput()) {
      throw fail(pos, outputLimit());
    }
    out.append(text);
  }

  private String outputLimit() {
    return "the output would be longer than the limit of " + settings.maxOutput() + " characters";
  }

  private TemplateException fail(Pos pos, String problem) {
    return new TemplateException(source, pos, problem);
  }

  private TemplateException fail(Pos pos, String problem, Throwable cause) {
    return new TemplateException(source, pos, problem, cause);
  }
}
