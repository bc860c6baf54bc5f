package io.berth.config;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A primary config as fetched, whole: its bytes, the name messages give it, and what the source
 * knows of its format and place. Its {@code toString} shows neither the content nor the secrets a
 * URL may hold.
 *
 * @param content the bytes, exactly as fetched
 * @param name the source for messages: a path, a URL without its query or user info, {@code
 *     aws-sm:SECRET_ID}
 * @param format the format the source says (an extension, a Content-Type), or empty to look at the
 *     content
 * @param directory where relative paths in the config are resolved: the file's directory, for a
 *     config read from a file only
 */
public record FetchedConfig(
    byte[] content, String name, Optional<ConfigFormat> format, Optional<Path> directory) {
  public FetchedConfig {
    content = Objects.requireNonNull(content, "content").clone();
    Objects.requireNonNull(name, "name");
    format = format == null ? Optional.empty() : format;
    directory = directory == null ? Optional.empty() : directory;
  }

  /** A config from no file, its format to be told by its name or content. */
  public static FetchedConfig of(byte[] content, String name) {
    return new FetchedConfig(content, name, Optional.empty(), Optional.empty());
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The SHA-256 of the content in hex: the same config fetched twice has the same one. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FetchedConfig that
        && Arrays.equals(content, that.content)
        && name.equals(that.name)
        && format.equals(that.format)
        && directory.equals(that.directory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(content), name, format, directory);
  }

  @Override
  public String toString() {
    return "FetchedConfig[name=%s, %d bytes, format=%s, directory=%s]"
        .formatted(
            name,
            content.length,
            format.map(Enum::name).orElse("?"),
            directory.map(Path::toString).orElse("-"));
  }
}
