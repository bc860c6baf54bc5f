package io.berth.agent;

import io.berth.api.ApiException;
import io.berth.api.CreateContainer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * BoatLoad's create extras as one tar for the container's writable layer: the script at {@code
 * /.berth/NAME} and the data archive's entries below its path. Everything is checked here, before
 * anything is created, and the runtime unpacks the result with an image layer's rules again.
 *
 * <p>A data archive may hold files, directories, symbolic links that stay inside its directory and
 * (tar) hard links to its own files; names are relative and never climb, and neither the entries
 * nor the bytes they unpack to may exceed the limits, whatever the archive declares (a bomb stops
 * at the limit).
 */
final class ContainerSeeds {
  static final int MAX_SCRIPT_BYTES = 1 << 20;
  static final long MAX_DATA_BYTES = 256L << 20;
  static final int MAX_ENTRIES = 10_000;

  private final UrlFetcher fetcher;

  ContainerSeeds(UrlFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** The seed tar of the request, in a temporary file the caller deletes; null when none. */
  Path prepare(CreateContainer request) throws IOException {
    if (request.script() == null && request.data() == null) {
      return null;
    }
    byte[] script = request.script() == null ? null : script(request.script());
    byte[] archive = request.data() == null ? null : archive(request.data());
    Path seed = Files.createTempFile("berth-seed-", ".tar");
    try (OutputStream file = Files.newOutputStream(seed);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      if (script != null) {
        directories(tar, ".berth");
        TarArchiveEntry entry = new TarArchiveEntry(".berth/" + request.script().name());
        entry.setMode(0755);
        entry.setSize(script.length);
        tar.putArchiveEntry(entry);
        tar.write(script);
        tar.closeArchiveEntry();
      }
      if (archive != null) {
        String prefix = request.data().path().replaceAll("^/+|/+$", "");
        if (!prefix.isEmpty()) {
          directories(tar, prefix);
        }
        new Copy(tar, prefix).archive(archive);
      }
      tar.finish();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(seed);
      throw e;
    }
    return seed;
  }

  private byte[] script(CreateContainer.Script script) throws IOException {
    byte[] bytes =
        script.content() != null
            ? base64("script.content", script.content())
            : fetcher.fetch("script", script.url(), MAX_SCRIPT_BYTES);
    if (bytes.length > MAX_SCRIPT_BYTES) {
      throw ApiException.badRequest(
          "the script is %d bytes; the limit is %d".formatted(bytes.length, MAX_SCRIPT_BYTES));
    }
    if (bytes.length < 2 || bytes[0] != '#' || bytes[1] != '!') {
      throw ApiException.badRequest(
          "the script must start with a '#!' line naming its interpreter (such as #!/bin/sh)");
    }
    return bytes;
  }

  private byte[] archive(CreateContainer.DataArchive data) throws IOException {
    return data.content() != null
        ? base64("data.content", data.content())
        : fetcher.fetch("data archive", data.url(), UrlFetcher.MAX_DOWNLOAD_BYTES);
  }

  private static byte[] base64(String field, String text) {
    try {
      return Base64.getMimeDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("%s is not base64: %s".formatted(field, e.getMessage()));
    }
  }

  private static void directories(TarArchiveOutputStream tar, String path) throws IOException {
    StringBuilder at = new StringBuilder();
    for (String part : path.split("/+")) {
      at.append(part).append('/');
      TarArchiveEntry dir = new TarArchiveEntry(at.toString());
      dir.setMode(0755);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
    }
  }

  /** One data archive copied into the seed, checked entry by entry. */
  private static final class Copy {
    private final TarArchiveOutputStream out;
    private final String prefix;
    private int entries;
    private long bytes;

    Copy(TarArchiveOutputStream out, String prefix) {
      this.out = out;
      this.prefix = prefix;
    }

    void archive(byte[] archive) throws IOException {
      if (archive.length >= 4 && archive[0] == 'P' && archive[1] == 'K') {
        zip(archive);
      } else if (archive.length >= 2
          && (archive[0] & 0xff) == 0x1f
          && (archive[1] & 0xff) == 0x8b) {
        try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(archive))) {
          tar(in);
        }
      } else {
        tar(new ByteArrayInputStream(archive));
      }
    }

    private void tar(InputStream in) throws IOException {
      TarArchiveInputStream tar = new TarArchiveInputStream(in);
      try {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          count(e.getName());
          String name = name(e.getName());
          if (e.isDirectory()) {
            directory(name, e.getMode());
          } else if (e.isSymbolicLink()) {
            symlink(name, e.getName(), e.getLinkName());
          } else if (e.isLink()) {
            TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_LINK);
            link.setLinkName(name(e.getLinkName()));
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
          } else if (e.isFile()) {
            file(name, e.getName(), e.getMode(), e.getSize(), tar);
          } else {
            throw refused(e.getName(), "is a device or fifo: only files, directories and links");
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        if (e instanceof ApiException api) {
          throw api;
        }
        throw ApiException.badRequest("the data archive is not a readable tar: " + e.getMessage());
      }
    }

    private void zip(byte[] archive) throws IOException {
      try (ZipFile zip =
          ZipFile.builder()
              .setSeekableByteChannel(new SeekableInMemoryByteChannel(archive))
              .get()) {
        List<ZipArchiveEntry> all =
            new ArrayList<>(Collections.list(zip.getEntriesInPhysicalOrder()));
        for (ZipArchiveEntry e : all) {
          count(e.getName());
          String name = name(e.getName());
          int mode = e.getUnixMode() & 07777;
          if (e.isUnixSymlink()) {
            try (InputStream in = zip.getInputStream(e)) {
              symlink(name, e.getName(), new String(in.readNBytes(4096)));
            }
          } else if (e.isDirectory()) {
            directory(name, mode == 0 ? 0755 : mode);
          } else {
            try (InputStream in = zip.getInputStream(e)) {
              // a zip's sizes may lie: read what it really holds, up to what is left
              ByteArrayOutputStream content = new ByteArrayOutputStream();
              long left = MAX_DATA_BYTES - bytes;
              long n = in.transferTo(new Capped(content, left, e.getName()));
              file(name, e.getName(), mode == 0 ? 0644 : mode, n, content.toByteArray());
            }
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        if (e instanceof ApiException api) {
          throw api;
        }
        throw ApiException.badRequest("the data archive is not a readable zip: " + e.getMessage());
      }
    }

    private void count(String name) {
      if (++entries > MAX_ENTRIES) {
        throw refused(name, "is one entry too many: the limit is %d".formatted(MAX_ENTRIES));
      }
    }

    /** The entry's name below the prefix, or a bad request naming it. */
    private String name(String raw) {
      if (raw.indexOf('\0') >= 0 || raw.startsWith("/")) {
        throw refused(raw, "is absolute or holds NUL: names must be relative");
      }
      List<String> parts = new ArrayList<>();
      for (String part : raw.split("/+")) {
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        if (part.equals("..")) {
          throw refused(raw, "climbs with '..'");
        }
        if (part.startsWith(".wh.")) {
          throw refused(raw, "is a whiteout ('.wh.'), which only image layers may hold");
        }
        parts.add(part);
      }
      if (parts.isEmpty()) {
        throw refused(raw, "names no file");
      }
      String relative = String.join("/", parts);
      return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    private void directory(String name, int mode) throws IOException {
      TarArchiveEntry dir = new TarArchiveEntry(name + "/");
      dir.setMode(mode & 07777);
      out.putArchiveEntry(dir);
      out.closeArchiveEntry();
    }

    private void symlink(String name, String raw, String target) throws IOException {
      // lexically inside the data directory: from the link's own directory, never above it
      int depth = raw.replaceAll("^(\\./)+", "").split("/+").length - 1;
      if (target.startsWith("/")) {
        throw refused(raw, "is a symbolic link to the absolute path '%s'".formatted(target));
      }
      for (String part : target.split("/+")) {
        if (part.equals("..")) {
          depth--;
        } else if (!part.isEmpty() && !part.equals(".")) {
          depth++;
        }
        if (depth < 0) {
          throw refused(raw, "is a symbolic link to '%s', out of the data path".formatted(target));
        }
      }
      TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
      link.setLinkName(target);
      out.putArchiveEntry(link);
      out.closeArchiveEntry();
    }

    private void file(String name, String raw, int mode, long size, InputStream in)
        throws IOException {
      reserve(raw, size);
      TarArchiveEntry file = new TarArchiveEntry(name);
      file.setMode(mode & 07777);
      file.setSize(size);
      file.setModTime(new Date());
      out.putArchiveEntry(file);
      if (in.transferTo(out) != size) {
        throw ApiException.badRequest("the data archive ends inside " + raw);
      }
      out.closeArchiveEntry();
    }

    private void file(String name, String raw, int mode, long size, byte[] content)
        throws IOException {
      file(name, raw, mode, size, new ByteArrayInputStream(content));
    }

    private void reserve(String raw, long size) {
      if (size > MAX_DATA_BYTES - bytes) {
        throw refused(
            raw, "takes the data past its limit of %d bytes unpacked".formatted(MAX_DATA_BYTES));
      }
      bytes += size;
    }

    private static ApiException refused(String entry, String why) {
      return ApiException.badRequest("data archive entry '%s' %s".formatted(entry, why));
    }
  }

  /** Takes at most {@code limit} bytes, then refuses the entry. */
  private static final class Capped extends OutputStream {
    private final OutputStream out;
    private final String entry;
    private long left;

    Capped(OutputStream out, long limit, String entry) {
      this.out = out;
      this.left = limit;
      this.entry = entry;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw Copy.refused(
            entry, "takes the data past its limit of %d bytes unpacked".formatted(MAX_DATA_BYTES));
      }
      left -= len;
      out.write(b, off, len);
    }
  }
}
