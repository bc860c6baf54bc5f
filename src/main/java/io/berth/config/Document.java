package io.berth.config;

import io.berth.config.Node.ListNode;
import io.berth.config.Node.MapNode;
import io.berth.config.Node.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What every field of one document shares: the source's name for messages, the directory relative
 * paths are resolved against (only a config read from a file has one), and the warnings so far.
 */
final class Document {
  private final String source;
  private final Optional<Path> directory;
  private final List<ConfigWarning> warnings = new ArrayList<>();
  private final Set<String> secrets = new HashSet<>();

  Document(String source, Optional<Path> directory) {
    this.source = source;
    this.directory = directory;
  }

  String source() {
    return source;
  }

  Optional<Path> directory() {
    return directory;
  }

  /**
   * Learns the document's passwords (the values of every {@code password} member, at any depth)
   * before anything is checked, so that no message quotes one, even one written in the wrong place.
   */
  void learnSecrets(Node node) {
    switch (node) {
      case MapNode map -> {
        for (var member : map.members().values()) {
          if (member.key().equalsIgnoreCase("password")
              && member.value() instanceof ScalarNode s
              && !s.text().isEmpty()) {
            secrets.add(s.text());
          }
          learnSecrets(member.value());
        }
      }
      case ListNode list -> list.items().forEach(this::learnSecrets);
      case ScalarNode s -> {}
    }
  }

  boolean isSecret(String text) {
    return secrets.stream().anyMatch(text::contains);
  }

  /** The text with every password of at least four characters in it replaced by an ellipsis. */
  String redact(String text) {
    String out = text;
    for (String secret : secrets) {
      if (secret.length() >= 4) {
        out = out.replace(secret, "…");
      }
    }
    return out;
  }

  void warn(ConfigWarning warning) {
    warnings.add(warning);
  }

  List<ConfigWarning> warnings() {
    return List.copyOf(warnings);
  }
}
