package io.berth.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the entries of a layer. Paths are taken verbatim; the conventional form is relative
 * without a leading {@code ./}, directories without a trailing slash (the writer adds it).
 *
 * <pre>{@code
 * Layer layer = Layer.builder()
 *     .directory("etc")
 *     .file("etc/motd", "hello\n")
 *     .file("bin/tool", Content.of("#!/bin/sh\n"), EntryAttributes.mode(04755))
 *     .symlink("etc/link", "motd")
 *     .whiteout("etc/old")
 *     .build();
 * }</pre>
 */
public final class LayerBuilder {
  public static final EntryAttributes FILE = EntryAttributes.mode(0644);
  public static final EntryAttributes DIRECTORY = EntryAttributes.mode(0755);
  public static final EntryAttributes LINK = EntryAttributes.mode(0777);

  private final List<TarEntry> entries = new ArrayList<>();

  LayerBuilder() {}

  public LayerBuilder directory(String path) {
    return directory(path, DIRECTORY);
  }

  public LayerBuilder directory(String path, EntryAttributes attributes) {
    return add(new TarEntry.Directory(path, attributes));
  }

  public LayerBuilder file(String path, String text) {
    return file(path, Content.of(text), FILE);
  }

  public LayerBuilder file(String path, Content content, EntryAttributes attributes) {
    return add(new TarEntry.RegularFile(path, content, attributes));
  }

  public LayerBuilder symlink(String path, String target) {
    return symlink(path, target, LINK);
  }

  public LayerBuilder symlink(String path, String target, EntryAttributes attributes) {
    return add(new TarEntry.Symlink(path, target, attributes));
  }

  public LayerBuilder hardlink(String path, String target) {
    return hardlink(path, target, FILE);
  }

  public LayerBuilder hardlink(String path, String target, EntryAttributes attributes) {
    return add(new TarEntry.Hardlink(path, target, attributes));
  }

  public LayerBuilder characterDevice(String path, int major, int minor, int mode) {
    return characterDevice(path, major, minor, EntryAttributes.mode(mode));
  }

  public LayerBuilder characterDevice(
      String path, int major, int minor, EntryAttributes attributes) {
    return add(new TarEntry.Device(path, TarEntry.DeviceKind.CHARACTER, major, minor, attributes));
  }

  public LayerBuilder blockDevice(String path, int major, int minor, int mode) {
    return blockDevice(path, major, minor, EntryAttributes.mode(mode));
  }

  public LayerBuilder blockDevice(String path, int major, int minor, EntryAttributes attributes) {
    return add(new TarEntry.Device(path, TarEntry.DeviceKind.BLOCK, major, minor, attributes));
  }

  public LayerBuilder fifo(String path, int mode) {
    return fifo(path, EntryAttributes.mode(mode));
  }

  public LayerBuilder fifo(String path, EntryAttributes attributes) {
    return add(new TarEntry.Fifo(path, attributes));
  }

  /** Deletes {@code path} of the layers below: an empty file named {@code .wh.<name>}. */
  public LayerBuilder whiteout(String path) {
    int slash = path.lastIndexOf('/');
    String whiteout = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
    return add(new TarEntry.RegularFile(whiteout, Content.empty(), EntryAttributes.mode(0)));
  }

  /** Hides everything the layers below have in {@code directory}: {@code .wh..wh..opq}. */
  public LayerBuilder opaque(String directory) {
    String prefix = directory.isEmpty() || directory.endsWith("/") ? directory : directory + "/";
    return add(
        new TarEntry.RegularFile(
            prefix + ".wh..wh..opq", Content.empty(), EntryAttributes.mode(0)));
  }

  public LayerBuilder add(TarEntry entry) {
    entries.add(entry);
    return this;
  }

  public LayerBuilder addAll(Layer layer) {
    entries.addAll(layer.entries());
    return this;
  }

  public Layer build() {
    return new Layer(entries);
  }
}
