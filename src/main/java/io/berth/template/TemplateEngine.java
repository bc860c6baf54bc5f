package io.berth.template;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Parses templates with one set of functions and limits. See docs/templates.md for the syntax.
 *
 * <pre>{@code
 * TemplateEngine engine = TemplateEngine.builder()
 *     .function("kv", 1, call -> { call.dependsOn(call.string(0)); return store.get(call.string(0)); })
 *     .build();
 * Template t = engine.parse("app.conf.tmpl", text);
 * Rendered r = t.render(System.getenv(), System.getenv());
 * }</pre>
 *
 * An engine is immutable and may be shared.
 */
public final class TemplateEngine {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final TemplateEngine STANDARD = builder().build();

  private final Map<String, Function> functions;
  private final Settings settings;

  private TemplateEngine(Map<String, Function> functions, Settings settings) {
    this.functions = functions;
    this.settings = settings;
  }

  /** The built-in functions, lenient about missing values, with the default limits. */
  public static TemplateEngine standard() {
    return STANDARD;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a template.
   *
   * @param name where the text came from (a file name), used in every message
   * @throws TemplateException naming the line and column of the first mistake
   */
  public Template parse(String name, String text) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    return new Template(name, Parser.parse(name, text, functions, settings.maxDepth()), settings);
  }

  /** Functions and limits for an engine. */
  public static final class Builder {
    /** For {@link #function(String, int, int, TemplateFunction)}: any number of arguments. */
    public static final int ANY = Integer.MAX_VALUE;

    private final Map<String, Function> functions = new HashMap<>(Builtins.all());
    private boolean strict;
    private int maxOutput = Settings.DEFAULT.maxOutput();
    private int maxDepth = Settings.DEFAULT.maxDepth();
    private long maxSteps = Settings.DEFAULT.maxSteps();

    private Builder() {}

    /** Adds a function that takes exactly {@code args} arguments (a piped value counts). */
    public Builder function(String name, int args, TemplateFunction function) {
      return function(name, args, args, function);
    }

    /**
     * Adds a function that takes from {@code minArgs} to {@code maxArgs} arguments ({@link #ANY}
     * for no upper bound); a template calling it with another number does not parse.
     *
     * @throws IllegalArgumentException for a name that is not an identifier, a keyword, or a
     *     built-in or already added function
     */
    public Builder function(String name, int minArgs, int maxArgs, TemplateFunction function) {
      Objects.requireNonNull(function, "function");
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("a function name is a Go identifier, not " + name);
      }
      if (Lexicon.isReserved(name)) {
        throw new IllegalArgumentException(name + " is a keyword of the template language");
      }
      if (functions.containsKey(name)) {
        throw new IllegalArgumentException("a function named " + name + " already exists");
      }
      if (minArgs < 0 || maxArgs < minArgs) {
        throw new IllegalArgumentException(
            "bad argument counts for " + name + ": " + minArgs + " to " + maxArgs);
      }
      functions.put(name, Function.of(name, minArgs, maxArgs, function::apply));
      return this;
    }

    /**
     * Whether a missing field ({@code .NOPE}) is an error wherever it is printed or passed to a
     * function other than {@code default}, {@code and}, {@code or} and {@code not}; it is always
     * false as the condition of {@code if} and {@code with}. Off by default, as in ContainerPilot:
     * a missing field prints as nothing.
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** The most characters one render may write, and the longest text a function may make. */
    public Builder maxOutput(int characters) {
      this.maxOutput = characters;
      return this;
    }

    /** How deeply {@code if}, {@code range}, {@code with} and parentheses may nest. */
    public Builder maxDepth(int levels) {
      this.maxDepth = levels;
      return this;
    }

    /**
     * How much work one render may do: one step for each action, range iteration and function call,
     * and one for each 1024 characters a function reads, writes or matches.
     */
    public Builder maxSteps(long steps) {
      this.maxSteps = steps;
      return this;
    }

    public TemplateEngine build() {
      return new TemplateEngine(
          Map.copyOf(functions), new Settings(strict, maxOutput, maxDepth, maxSteps));
    }
  }
}
