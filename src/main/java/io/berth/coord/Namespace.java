package io.berth.coord;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The etcd backend's key prefix: callers see {@code /a}, etcd stores {@code /berth/a}. Keys start
 * with a slash and the prefix does not end with one, so {@code /berth} never covers {@code
 * /berth2/...}.
 */
final class Namespace {
  private final byte[] prefix;

  Namespace(String prefix) {
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
  }

  /** Where {@code key} is in etcd. */
  ByteSequence key(String key) {
    return ByteSequence.from(concat(KeyBytes.of(key)));
  }

  /** The first key {@code keys} covers, in etcd. */
  ByteSequence start(Keys keys) {
    return switch (keys) {
      case Keys.Exact(String key) -> key(key);
      case Keys.Prefix(String p) -> key(p);
    };
  }

  /** The end (exclusive) of the range {@code keys} covers, in etcd; empty for one key. */
  Optional<ByteSequence> end(Keys keys) {
    return switch (keys) {
      case Keys.Exact _ -> Optional.empty();
      case Keys.Prefix(String p) ->
          Optional.of(ByteSequence.from(KeyBytes.prefixEnd(concat(KeyBytes.of(p)))));
    };
  }

  /** The caller's key for an etcd key. */
  String strip(ByteSequence etcdKey) {
    byte[] bytes = etcdKey.getBytes();
    if (bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length)) {
      return KeyBytes.string(Arrays.copyOfRange(bytes, prefix.length, bytes.length));
    }
    return KeyBytes.string(bytes);
  }

  /** An etcd entry as the caller sees it. */
  KeyValue entry(io.etcd.jetcd.KeyValue kv, boolean keysOnly) {
    return new KeyValue(
        strip(kv.getKey()),
        keysOnly ? null : kv.getValue().getBytes(),
        kv.getCreateRevision(),
        kv.getModRevision(),
        kv.getVersion(),
        kv.getLease());
  }

  private byte[] concat(byte[] key) {
    byte[] all = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, all, prefix.length, key.length);
    return all;
  }
}
