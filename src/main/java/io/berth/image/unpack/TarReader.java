package io.berth.image.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads tar entries (ustar, PAX, GNU long names, old v7) from an uncompressed stream in one pass,
 * and at the end reads whatever follows the end-of-archive, so that the stream is consumed whole.
 *
 * <p>It trusts nothing: checksums are verified, numbers range-checked, and metadata headers (PAX,
 * GNU long names) are capped at 1 MiB, since they are held in memory.
 */
final class TarReader {
  static final int BLOCK = 512;
  private static final int MAX_METADATA = 1 << 20;
  private static final long MAX_ID = 0xFFFF_FFFEL; // (uid_t) -1 means "unchanged" to chown
  private static final String XATTR = "SCHILY.xattr.";

  /** Receives an entry's content in chunks that are valid only during the call. */
  interface ContentSink {
    void write(byte[] buffer, int offset, int length) throws IOException;
  }

  private final InputStream in;
  private final byte[] buffer;
  private int position;
  private int end;
  private long total;
  private boolean eof;
  private long contentLeft;
  private int paddingLeft;
  private Map<String, byte[]> global = Map.of();

  TarReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buffer = new byte[Math.max(bufferSize, 2 * BLOCK)];
  }

  /** Bytes read from the uncompressed stream so far. */
  long total() {
    return total;
  }

  /** The next entry, or null at the end of the archive (two zero blocks, or a clean end). */
  TarEntry next() throws IOException {
    skip(contentLeft + paddingLeft);
    contentLeft = 0;
    paddingLeft = 0;
    Map<String, byte[]> pax = null;
    String longName = null;
    String longLink = null;
    while (true) {
      long offset = offset();
      if (!fill(BLOCK)) {
        if (end - position == 0 && pax == null && longName == null && longLink == null) {
          return null; // a stream that simply stops at a block boundary is accepted, as Go does
        }
        throw malformed(offset, "the archive ends inside a header");
      }
      if (isZeroBlock()) {
        position += BLOCK;
        return null;
      }
      verifyChecksum(offset);
      byte flag = buffer[position + 156];
      long size = number(124, 12, "size", offset);
      switch (flag) {
        case 'x' -> pax = parsePax(metadata(size, offset), offset);
        case 'g' -> {
          Map<String, byte[]> merged = new HashMap<>(global);
          merged.putAll(parsePax(metadata(size, offset), offset));
          global = merged;
        }
        case 'L' -> longName = cString(metadata(size, offset));
        case 'K' -> longLink = cString(metadata(size, offset));
        default -> {
          return entry(flag, size, offset, pax, longName, longLink);
        }
      }
    }
  }

  /** Passes the current entry's content to {@code sink}, straight from the read buffer. */
  void transferContent(ContentSink sink) throws IOException {
    while (contentLeft > 0) {
      if (position == end && !fill(1)) {
        throw new LayerRejectedException("the archive ends inside an entry's content");
      }
      int n = (int) Math.min(end - position, contentLeft);
      sink.write(buffer, position, n);
      position += n;
      contentLeft -= n;
    }
  }

  /**
   * Reads (digesting and counting) whatever follows the end of the archive, to the stream's end.
   */
  void drain() throws IOException {
    position = end;
    while (fill(1)) {
      position = end;
    }
  }

  private TarEntry entry(
      byte flag,
      long headerSize,
      long offset,
      Map<String, byte[]> localPax,
      String longName,
      String longLink)
      throws IOException {
    Map<String, byte[]> pax = global;
    if (localPax != null) {
      pax = new HashMap<>(global);
      pax.putAll(localPax);
    }
    String name;
    if (pax.containsKey("path")) {
      name = utf8(pax.get("path"));
    } else if (longName != null) {
      name = longName;
    } else {
      name = field(0, 100);
      String prefix = isPosixUstar() ? field(345, 155) : "";
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    String linkName =
        pax.containsKey("linkpath")
            ? utf8(pax.get("linkpath"))
            : longLink != null ? longLink : field(157, 100);
    for (String key : pax.keySet()) {
      if (key.startsWith("GNU.sparse.")) {
        throw new LayerRejectedException(name, "GNU sparse files are not supported");
      }
    }
    EntryType type = type(flag, name, offset);
    long size = pax.containsKey("size") ? paxNumber(pax, "size", name) : headerSize;
    int mode = (int) (number(100, 8, "mode", offset) & 07777);
    long uid = pax.containsKey("uid") ? paxNumber(pax, "uid", name) : number(108, 8, "uid", offset);
    long gid = pax.containsKey("gid") ? paxNumber(pax, "gid", name) : number(116, 8, "gid", offset);
    if (uid > MAX_ID || gid > MAX_ID) {
      throw new LayerRejectedException(
          name, "uid %d or gid %d is outside 0..%d".formatted(uid, gid, MAX_ID));
    }
    long mtimeSeconds;
    int mtimeNanos;
    if (pax.containsKey("mtime")) {
      long[] time = paxTime(utf8(pax.get("mtime")), name);
      mtimeSeconds = time[0];
      mtimeNanos = (int) time[1];
    } else {
      mtimeSeconds = number(136, 12, "mtime", offset);
      mtimeNanos = 0;
    }
    int major = 0;
    int minor = 0;
    if (type == EntryType.CHARACTER_DEVICE || type == EntryType.BLOCK_DEVICE) {
      long ma = number(329, 8, "devmajor", offset);
      long mi = number(337, 8, "devminor", offset);
      if (ma > 0xFFFF_FFFFL || mi > 0xFFFF_FFFFL) {
        throw new LayerRejectedException(
            name, "device number %d:%d is too large".formatted(ma, mi));
      }
      major = (int) ma;
      minor = (int) mi;
    }
    Map<String, byte[]> xattrs = Map.of();
    for (var record : pax.entrySet()) {
      if (record.getKey().startsWith(XATTR)) {
        if (xattrs.isEmpty()) {
          xattrs = new HashMap<>();
        }
        xattrs.put(record.getKey().substring(XATTR.length()), record.getValue());
      }
    }
    position += BLOCK;
    if (type.headerOnly()) {
      // Go's archive/tar does the same: these types never carry data, whatever size says
      size = 0;
    }
    contentLeft = size;
    paddingLeft = padding(size);
    return new TarEntry(
        name,
        type,
        size,
        mode,
        (int) uid,
        (int) gid,
        mtimeSeconds,
        mtimeNanos,
        linkName,
        major,
        minor,
        xattrs,
        offset);
  }

  private EntryType type(byte flag, String name, long offset) throws LayerRejectedException {
    return switch (flag) {
      // before POSIX, a directory was a regular entry whose name ends with a slash
      case '0', 0, '7' -> name.endsWith("/") ? EntryType.DIRECTORY : EntryType.REGULAR;
      case '1' -> EntryType.HARD_LINK;
      case '2' -> EntryType.SYMBOLIC_LINK;
      case '3' -> EntryType.CHARACTER_DEVICE;
      case '4' -> EntryType.BLOCK_DEVICE;
      case '5' -> EntryType.DIRECTORY;
      case '6' -> EntryType.FIFO;
      default ->
          throw new LayerRejectedException(
              name,
              "tar entry type '%s' (at offset %d) is not supported in a layer"
                  .formatted(
                      flag >= 32 && flag < 127 ? (char) flag : "\\" + (flag & 0xff), offset));
    };
  }

  /** Reads a PAX or GNU long-name body into memory, refusing one too big to hold. */
  private byte[] metadata(long size, long offset) throws IOException {
    position += BLOCK;
    if (size > MAX_METADATA) {
      throw malformed(
          offset,
          "a metadata header of %d bytes exceeds the %d-byte cap".formatted(size, MAX_METADATA));
    }
    byte[] bytes = new byte[(int) size];
    int done = 0;
    while (done < size) {
      if (position == end && !fill(1)) {
        throw malformed(offset, "the archive ends inside a metadata header");
      }
      int n = Math.min(end - position, (int) size - done);
      System.arraycopy(buffer, position, bytes, done, n);
      position += n;
      done += n;
    }
    skip(padding(size));
    return bytes;
  }

  /** PAX records: {@code "<length> <key>=<value>\n"}, the length counting the whole record. */
  private static Map<String, byte[]> parsePax(byte[] body, long offset)
      throws LayerRejectedException {
    Map<String, byte[]> records = new HashMap<>();
    int i = 0;
    while (i < body.length) {
      int space = i;
      long length = 0;
      while (space < body.length
          && body[space] >= '0'
          && body[space] <= '9'
          && length < body.length) {
        length = length * 10 + (body[space] - '0');
        space++;
      }
      if (space == i
          || space >= body.length
          || body[space] != ' '
          || length <= space - i
          || i + length > body.length
          || body[(int) (i + length - 1)] != '\n') {
        throw malformed(offset, "a PAX record at byte %d is malformed".formatted(i));
      }
      int recordEnd = (int) (i + length - 1);
      int equals = space + 1;
      while (equals < recordEnd && body[equals] != '=') {
        equals++;
      }
      if (equals == recordEnd || equals == space + 1) {
        throw malformed(offset, "a PAX record at byte %d has no key=value".formatted(i));
      }
      String key = new String(body, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      byte[] value = Arrays.copyOfRange(body, equals + 1, recordEnd);
      records.put(key, value);
      i = recordEnd + 1;
    }
    return records;
  }

  private static long paxNumber(Map<String, byte[]> pax, String key, String name)
      throws LayerRejectedException {
    String text = utf8(pax.get(key));
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new LayerRejectedException(
          name, "PAX %s '%s' is not a non-negative number".formatted(key, text));
    }
  }

  /**
   * A PAX time, {@code [-]seconds[.fraction]}, as seconds and nanoseconds (the fraction rounded
   * down to nanoseconds; negative times count down from the epoch). Parsed by hand: a general
   * decimal parser would accept exponents, and {@code 1e999999999} is not a time worth computing.
   */
  private static long[] paxTime(String text, String name) throws LayerRejectedException {
    int i = text.startsWith("-") ? 1 : 0;
    int dot = text.indexOf('.');
    int wholeEnd = dot < 0 ? text.length() : dot;
    boolean valid = wholeEnd > i && wholeEnd - i <= 18 && text.length() <= 64;
    for (int k = i; valid && k < text.length(); k++) {
      valid = k == dot || Character.isDigit(text.charAt(k)) && text.charAt(k) < 0x80;
    }
    if (!valid) {
      throw new LayerRejectedException(name, "PAX mtime '%s' is not a time".formatted(text));
    }
    long seconds = Long.parseLong(text.substring(i, wholeEnd));
    long nanos = 0;
    if (dot >= 0) {
      String fraction = (text.substring(dot + 1) + "000000000").substring(0, 9);
      nanos = Long.parseLong(fraction);
    }
    if (i == 1) {
      seconds = -seconds;
      if (nanos > 0) {
        seconds -= 1;
        nanos = 1_000_000_000L - nanos;
      }
    }
    return new long[] {seconds, nanos};
  }

  /** An octal field, or GNU's base-256 form (high bit set) for values octal cannot hold. */
  private long number(int at, int length, String what, long offset) throws LayerRejectedException {
    int p = position + at;
    int limit = p + length;
    if ((buffer[p] & 0x80) != 0) {
      if ((buffer[p] & 0x40) != 0) {
        throw malformed(offset, "the %s field is negative".formatted(what));
      }
      long value = buffer[p] & 0x3f;
      for (int i = p + 1; i < limit; i++) {
        if (value > (Long.MAX_VALUE >> 8)) {
          throw malformed(offset, "the %s field overflows".formatted(what));
        }
        value = (value << 8) | (buffer[i] & 0xff);
      }
      return value;
    }
    while (p < limit && (buffer[p] == ' ' || buffer[p] == 0)) {
      p++;
    }
    long value = 0;
    for (; p < limit && buffer[p] != ' ' && buffer[p] != 0; p++) {
      int digit = buffer[p] - '0';
      if (digit < 0 || digit > 7) {
        throw malformed(offset, "the %s field is not an octal number".formatted(what));
      }
      if (value > (Long.MAX_VALUE >> 3)) {
        throw malformed(offset, "the %s field overflows".formatted(what));
      }
      value = (value << 3) | digit;
    }
    return value;
  }

  private void verifyChecksum(long offset) throws LayerRejectedException {
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= 148 && i < 156) ? (byte) ' ' : buffer[position + i];
      unsigned += b & 0xff;
      signed += b;
    }
    long stored = number(148, 8, "checksum", offset);
    if (stored != unsigned && stored != signed) {
      throw malformed(
          offset, "header checksum mismatch (this is not a tar archive, or it is corrupt)");
    }
  }

  private boolean isZeroBlock() {
    for (int i = position; i < position + BLOCK; i++) {
      if (buffer[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private boolean isPosixUstar() {
    int m = position + 257;
    return buffer[m] == 'u'
        && buffer[m + 1] == 's'
        && buffer[m + 2] == 't'
        && buffer[m + 3] == 'a'
        && buffer[m + 4] == 'r'
        && buffer[m + 5] == 0;
  }

  /** A NUL-terminated header field, as UTF-8. */
  private String field(int at, int length) {
    int start = position + at;
    int stop = start;
    while (stop < start + length && buffer[stop] != 0) {
      stop++;
    }
    return new String(buffer, start, stop - start, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int padding(long size) {
    return (int) ((BLOCK - (size % BLOCK)) % BLOCK);
  }

  private static LayerRejectedException malformed(long offset, String problem) {
    return new LayerRejectedException(
        "malformed tar at uncompressed offset %d: %s".formatted(offset, problem));
  }

  private long offset() {
    return total - (end - position);
  }

  private void skip(long bytes) throws IOException {
    while (bytes > 0) {
      if (position == end && !fill(1)) {
        throw new LayerRejectedException("the archive ends inside an entry's content");
      }
      int n = (int) Math.min(end - position, bytes);
      position += n;
      bytes -= n;
    }
  }

  /**
   * Makes at least {@code wanted} unread bytes available in the buffer, reading (and digesting, and
   * charging to the budget) as needed; false when the stream ends first.
   */
  private boolean fill(int wanted) throws IOException {
    while (end - position < wanted) {
      if (eof) {
        return false;
      }
      if (position == end) {
        position = 0;
        end = 0;
      } else if (end == buffer.length || buffer.length - position < wanted) {
        System.arraycopy(buffer, position, buffer, 0, end - position);
        end -= position;
        position = 0;
      }
      int n = in.read(buffer, end, buffer.length - end);
      if (n < 0) {
        eof = true;
        continue;
      }
      total += n;
      end += n;
    }
    return true;
  }
}
