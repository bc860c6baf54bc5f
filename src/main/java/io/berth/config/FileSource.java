package io.berth.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A config in a file. A file replaced by a rename is read whole, old or new; one written in place
 * may be caught half-written, which then fails to parse, and the agent keeps its last good config
 * until the next fetch.
 */
final class FileSource implements ConfigSource {
  private final Path path;
  private final FetchLimits limits;
  private final ChangeTracker changes = new ChangeTracker();

  FileSource(Path path, FetchLimits limits) {
    this.path = path;
    this.limits = limits;
  }

  Path path() {
    return path;
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public FetchedConfig fetch() throws ConfigFetchException {
    return changes.returned(read());
  }

  @Override
  public Optional<FetchedConfig> fetchIfChanged() throws ConfigFetchException {
    return changes.ifChanged(read());
  }

  private FetchedConfig read() throws ConfigFetchException {
    byte[] content;
    try (InputStream in = Files.newInputStream(path)) {
      content = in.readNBytes((int) limits.maxBytes() + 1);
    } catch (NoSuchFileException e) {
      throw new ConfigFetchException(name(), "no such file", e);
    } catch (AccessDeniedException e) {
      throw new ConfigFetchException(name(), "permission denied", e);
    } catch (IOException e) {
      throw new ConfigFetchException(name(), "cannot read: " + e, e);
    }
    if (content.length > limits.maxBytes()) {
      throw new ConfigFetchException(
          name(), "larger than the %d bytes a config may have".formatted(limits.maxBytes()));
    }
    Path directory = path.toAbsolutePath().normalize().getParent();
    return new FetchedConfig(
        content,
        name(),
        Optional.ofNullable(ConfigFormat.byName(path.getFileName().toString())),
        Optional.ofNullable(directory));
  }
}
