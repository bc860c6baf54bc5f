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

  private ConfigParser(Path volumesRoot) {
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
    return new ConfigParser(volumesRoot.normalize());
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
    String text = decode(fetched);
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
