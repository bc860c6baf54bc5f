package io.berth.image.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a config document into a tree. A syntax error is reported by line and column only: the
 * parsers quote the offending text, and in these files that text may be a password.
 */
final class ConfigParsing {
  private ConfigParsing() {}

  static JsonNode readTree(ObjectMapper mapper, Path file, String kind) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RegistryConfigException(file, "", kind + " does not exist");
    } catch (IOException e) {
      throw new RegistryConfigException(file, "", "cannot read " + kind + ": " + e, e);
    }
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr());
      throw new RegistryConfigException(file, "", kind + " is not well-formed" + where);
    }
  }
}
