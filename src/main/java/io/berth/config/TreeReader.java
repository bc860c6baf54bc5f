package io.berth.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.berth.config.Node.ListNode;
import io.berth.config.Node.MapNode;
import io.berth.config.Node.Member;
import io.berth.config.Node.Position;
import io.berth.config.Node.ScalarNode;
import io.berth.config.Node.ScalarNode.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads YAML or JSON text into a {@link Node} tree, token by token so that each value keeps its
 * place. A key given twice in one mapping is an error here (Jackson would keep the last silently).
 */
final class TreeReader {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();
  private static final JsonFactory YAML =
      YAMLFactory.builder()
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          // YAML 1.2: an empty value is null, and yes/no/on/off are words, not booleans.
          .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
          .build();
  // Parsers quote the text they stumble on, and that text may be a password.
  private static final Pattern QUOTED = Pattern.compile("'[^'\\n]{2,}'|\"[^\"\\n]{2,}\"");
  private static final java.util.Set<String> KEYWORDS =
      java.util.Set.of("null", "true", "false", "NaN", "Infinity", "-Infinity");

  private final String source;
  private final ConfigFormat format;

  private TreeReader(String source, ConfigFormat format) {
    this.source = source;
    this.format = format;
  }

  /** The document's root, or empty when the text holds no document at all. */
  static Optional<Node> read(String source, String text, ConfigFormat format) {
    return new TreeReader(source, format).read(text);
  }

  private Optional<Node> read(String text) {
    JsonFactory factory = format == ConfigFormat.JSON ? JSON : YAML;
    try (JsonParser parser = factory.createParser(text)) {
      if (parser.nextToken() == null) {
        return Optional.empty();
      }
      Node root = value(parser, "");
      if (parser.nextToken() != null) {
        Position at = position(parser.currentTokenLocation());
        throw new ConfigException(
            source,
            at.line(),
            at.column(),
            "",
            "expected the end of the document: a config is one %s document"
                .formatted(format == ConfigFormat.JSON ? "JSON" : "YAML"));
      }
      return Optional.of(root);
    } catch (JsonProcessingException e) {
      Position at = position(e.getLocation());
      throw new ConfigException(
          source,
          at.line(),
          at.column(),
          "",
          "not well-formed %s: %s".formatted(format, redacted(e.getOriginalMessage())));
    } catch (IOException e) {
      throw new ConfigException(source, 0, 0, "", "cannot read: " + e.getMessage(), e);
    }
  }

  private Node value(JsonParser parser, String path) throws IOException {
    Position at = position(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      // An alias would read as a string naming its anchor; expanding them invites blow-ups.
      throw new ConfigException(
          source,
          at.line(),
          at.column(),
          path,
          "YAML aliases (*%s) are not supported: write the value out".formatted(parser.getText()));
    }
    return switch (token) {
      case START_OBJECT -> mapping(parser, at, path);
      case START_ARRAY -> list(parser, at, path);
      case VALUE_STRING -> new ScalarNode(at, Kind.STRING, parser.getText(), null);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser, at);
      case VALUE_TRUE -> new ScalarNode(at, Kind.BOOLEAN, "true", null);
      case VALUE_FALSE -> new ScalarNode(at, Kind.BOOLEAN, "false", null);
      case VALUE_NULL -> new ScalarNode(at, Kind.NULL, "null", null);
      default ->
          throw new ConfigException(
              source,
              at.line(),
              at.column(),
              path,
              "unsupported value (%s): use strings, numbers, booleans, mappings and lists"
                  .formatted(token));
    };
  }

  /**
   * A number; one YAML 1.1 writes but Jackson cannot read ({@code 0x1F}, {@code 1_000}) is text.
   */
  private static Node number(JsonParser parser, Position at) throws IOException {
    Kind kind = parser.currentToken() == JsonToken.VALUE_NUMBER_INT ? Kind.INTEGER : Kind.DECIMAL;
    String text = parser.getText();
    try {
      return new ScalarNode(at, kind, text, parser.getNumberValue());
    } catch (JsonProcessingException e) {
      return new ScalarNode(at, Kind.STRING, text, null);
    }
  }

  private Node mapping(JsonParser parser, Position at, String path) throws IOException {
    Map<String, Member> members = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Position keyAt = position(parser.currentTokenLocation());
      String keyPath = Field.childPath(path, key);
      Member first = members.get(key);
      if (first != null) {
        throw new ConfigException(
            source,
            keyAt.line(),
            keyAt.column(),
            keyPath,
            "given twice; first at line %d, column %d"
                .formatted(first.keyAt().line(), first.keyAt().column()));
      }
      parser.nextToken();
      members.put(key, new Member(key, keyAt, value(parser, keyPath)));
    }
    return new MapNode(at, members);
  }

  private Node list(JsonParser parser, Position at, String path) throws IOException {
    List<Node> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(value(parser, Field.indexPath(path, items.size())));
    }
    return new ListNode(at, items);
  }

  private static Position position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return Position.START;
    }
    return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }

  /** The parser's complaint on one line, with any quoted text of more than a character hidden. */
  static String redacted(String message) {
    if (message == null || message.isBlank()) {
      return "syntax error";
    }
    String line = message.strip().lines().findFirst().orElse("").strip();
    return QUOTED
        .matcher(line)
        .replaceAll(
            r ->
                java.util.regex.Matcher.quoteReplacement(
                    KEYWORDS.contains(r.group().substring(1, r.group().length() - 1))
                        ? r.group()
                        : r.group().charAt(0) + "…" + r.group().charAt(0)));
  }
}
