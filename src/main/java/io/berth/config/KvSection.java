package io.berth.config;

import io.berth.spec.CoordSpec;
import io.berth.spec.KvSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code kv:}, where the configuration store lives: {@code backend: embedded} (the default; {@code
 * history}, {@code historyBytes}) or {@code backend: etcd} ({@code endpoints}, {@code prefix},
 * {@code username}, {@code passwordFile}, {@code timeout}, {@code tls: {caFile, certFile,
 * keyFile}}), and {@code secretKeyFile}.
 */
final class KvSection {
  private static final Set<String> EMBEDDED =
      Set.of("backend", "history", "historyBytes", "secretKeyFile");
  private static final Set<String> ETCD =
      Set.of(
          "backend",
          "endpoints",
          "prefix",
          "username",
          "passwordFile",
          "timeout",
          "tls",
          "secretKeyFile");
  private static final Set<String> TLS = Set.of("caFile", "certFile", "keyFile");

  private KvSection() {}

  static KvSpec read(Field kv) {
    if (!kv.present()) {
      return KvSpec.DEFAULT;
    }
    if (!kv.isMap()) {
      throw kv.fail("expected a mapping with backend (embedded or etcd), got " + kv.describe());
    }
    Field backend = kv.child("backend");
    String name = backend.string().orElse("embedded");
    Path keyFile = kv.child("secretKeyFile").string().map(Path::of).orElse(null);
    CoordSpec store =
        switch (name) {
          case "embedded" -> embedded(kv.only(EMBEDDED));
          case "etcd" -> etcd(kv.only(ETCD));
          default -> throw backend.fail("expected embedded or etcd, got " + backend.describe());
        };
    return new KvSpec(store, keyFile);
  }

  private static CoordSpec embedded(Field kv) {
    Field history = kv.child("history");
    Field bytes = kv.child("historyBytes");
    int revisions =
        history
            .nonNegative(Integer.MAX_VALUE)
            .map(Long::intValue)
            .orElse(CoordSpec.Embedded.DEFAULT_HISTORY_REVISIONS);
    if (revisions < 1) {
      throw history.fail("at least 1 revision must be kept, got " + history.describe());
    }
    long size = Values.size(bytes).orElse(CoordSpec.Embedded.DEFAULT_HISTORY_BYTES);
    if (size < 1) {
      throw bytes.fail("expected a positive size, got " + bytes.describe());
    }
    return new CoordSpec.Embedded(revisions, size);
  }

  private static CoordSpec etcd(Field kv) {
    Field endpoints = kv.child("endpoints");
    if (!endpoints.present()) {
      throw endpoints.missing("the etcd members' client URLs, such as [http://127.0.0.1:2379]");
    }
    List<URI> uris = new ArrayList<>();
    List<Field> items = endpoints.isList() ? endpoints.items() : List.of(endpoints);
    for (Field item : items) {
      String text = item.requiredString("an endpoint such as http://127.0.0.1:2379");
      try {
        uris.add(new URI(text));
      } catch (URISyntaxException e) {
        throw item.fail(
            "expected an endpoint such as http://127.0.0.1:2379, got " + item.describe());
      }
    }
    Field tls = kv.child("tls");
    CoordSpec.Tls tlsSpec = null;
    if (tls.present()) {
      tls.only(TLS);
      try {
        tlsSpec =
            new CoordSpec.Tls(
                path(tls.child("caFile")), path(tls.child("certFile")), path(tls.child("keyFile")));
      } catch (IllegalArgumentException e) {
        throw tls.fail(fieldless(e));
      }
    }
    try {
      return new CoordSpec.Etcd(
          uris,
          kv.child("prefix").string().orElse(null),
          tlsSpec,
          kv.child("username").string().orElse(null),
          path(kv.child("passwordFile")),
          Values.duration(kv.child("timeout"), false).orElse(null));
    } catch (IllegalArgumentException e) {
      throw kv.fail(fieldless(e));
    }
  }

  private static Path path(Field field) {
    return field.string().map(Path::of).orElse(null);
  }

  // CoordSpec's messages name fields as coord.NAME; here the field path comes from the section.
  private static String fieldless(IllegalArgumentException e) {
    return e.getMessage().replace("coord.", "");
  }
}
