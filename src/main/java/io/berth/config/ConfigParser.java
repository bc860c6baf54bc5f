package io.berth.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns a primary config's bytes into a {@link ParsedConfig}: berth's own format, in YAML or in
 * JSON with comments and trailing commas, or Frontloader's primary config (recognised by its {@code
 * container}, {@code docker} or {@code kernel} section). See docs/config.md.
 *
 * <p>Every failure is a {@link ConfigException} naming the source, line, column and field and what
 * was expected. Parsing does no I/O: files named in the config (password files, CA files) are
 * checked by whoever reads them.
 */
public final class ConfigParser {
  private final Path volumesRoot;
  private final java.util.Map<String, String> environment;

  private ConfigParser(Path volumesRoot, java.util.Map<String, String> environment) {
    this.environment = environment;
    this.volumesRoot = volumesRoot;
  }

  /**
   * A parser whose volumes without a path of their own live in {@code volumesRoot}{@code /<name>}.
   */
  public static ConfigParser of(Path volumesRoot) {
    Objects.requireNonNull(volumesRoot, "volumesRoot");
    if (!volumesRoot.isAbsolute()) {
      throw new IllegalArgumentException(
          "the volumes root must be an absolute path, not " + volumesRoot);
    }
    return new ConfigParser(volumesRoot.normalize(), System.getenv());
  }

  /**
   * This parser with {@code environment} for the config's templates ({@code {{.VAR}}}, {@code {{env
   * "VAR"}}}) instead of the process's.
   */
  public ConfigParser withEnvironment(java.util.Map<String, String> environment) {
    return new ConfigParser(volumesRoot, java.util.Map.copyOf(environment));
  }

  /**
   * Parses a config that came from no file: relative paths in it are errors, and its format is told
   * by {@code source}'s extension or by its content.
   *
   * @throws ConfigException when the config cannot be used
   */
  public ParsedConfig parse(byte[] content, String source) {
    return parse(FetchedConfig.of(content, source));
  }

  /**
   * Parses a fetched config.
   *
   * @throws ConfigException when the config cannot be used
   */
  public ParsedConfig parse(FetchedConfig fetched) {
    String text = render(fetched.name(), decode(fetched));
    ConfigFormat format =
        fetched.format().orElseGet(() -> ConfigFormat.detect(fetched.name(), text));
    Document doc = new Document(fetched.name(), fetched.directory());
    Node tree = TreeReader.read(fetched.name(), text, format).orElse(null);
    if (tree != null) {
      doc.learnSecrets(tree);
    }
    Field root = Field.root(doc, tree);
    if (FrontloaderFormat.recognises(root)) {
      var config = FrontloaderFormat.read(root);
      return new ParsedConfig(config, doc.warnings(), ParsedConfig.Dialect.FRONTLOADER);
    }
    var config = BerthFormat.read(root, volumesRoot);
    return new ParsedConfig(config, doc.warnings(), ParsedConfig.Dialect.BERTH);
  }

  /**
   * The config's own templates: the built-in functions, and the configuration store's {@code kv}
   * and {@code tree} and discovery's {@code service} left in place (they are read when a service's
   * container starts, and followed).
   */
  private static final io.berth.template.TemplateEngine CONFIG_TEMPLATES =
      io.berth.template.TemplateEngine.builder()
          .function("kv", 1, 2, ConfigParser::deferred)
          .function("tree", 1, 1, ConfigParser::deferred)
          .function("service", 1, 1, ConfigParser::deferred)
          .build();

  private static Object deferred(io.berth.template.FunctionCall call) {
    StringBuilder text = new StringBuilder("{{ ").append(call.name());
    for (int i = 0; i < call.args().size(); i++) {
      text.append(' ').append(TextNodeQuote.quote(call.string(i)));
    }
    return text.append(" }}").toString();
  }

  /** Go's double-quoted string syntax, which JSON's is a subset of. */
  private static final class TextNodeQuote {
    static String quote(String value) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(value).toString();
    }
  }

  /**
   * A config is a template on the environment first, as ContainerPilot's is: {@code {{.VAR}}},
   * {@code {{env "VAR"}}}, {@code {{.VAR | default "x"}}}. Text without {@code {{} is left alone.
   */
  private String render(String source, String text) {
    if (!text.contains("{{")) {
      return text;
    }
    // ignity's perms placeholders are filled in when the perms are applied, not here
    text =
        text.replace("{{USERMAP_UID}}", "{{\"{{USERMAP_UID}}\"}}")
            .replace("{{USERMAP_GID}}", "{{\"{{USERMAP_GID}}\"}}");
    try {
      return CONFIG_TEMPLATES.parse(source, text).render(environment, environment).text();
    } catch (io.berth.template.TemplateException e) {
      throw new ConfigException(source, e.line(), e.column(), "", e.problem(), e);
    }
  }

  static String decode(FetchedConfig fetched) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(fetched.content()))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new ConfigException(fetched.name(), 0, 0, "", "is not UTF-8 text", e);
    }
  }
}
