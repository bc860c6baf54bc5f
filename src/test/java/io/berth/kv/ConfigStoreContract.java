package io.berth.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.coord.KeyValue;
import io.berth.coord.KeyValueStore;
import io.berth.testing.TempDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the configuration store does on every backend: each scenario runs on the embedded store and
 * on a real etcd, in a namespace of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ConfigStoreContract {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final String PASSWORD = "correct horse battery staple";

  protected KeyValueStore kv;
  protected String namespace;
  protected ConfigStore config;
  private TempDirectory keys;
  private final List<ConfigWatch> watches = new ArrayList<>();

  /** A revisioned store; {@link #release} follows its close. */
  abstract KeyValueStore openStore() throws Exception;

  void release() throws Exception {}

  @BeforeEach
  void open() throws Exception {
    kv = openStore();
    keys = TempDirectory.create("berth-kv-keys-");
    namespace = "/kv-" + UUID.randomUUID();
    config =
        ConfigStores.open(
            kv, namespace, SecretKeyFile.createOnFirstUse(keys.resolve("secrets/kv.key")));
  }

  @AfterEach
  void close() throws Exception {
    watches.forEach(ConfigWatch::close);
    kv.close();
    release();
    keys.close();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void put_thenGet_givesTheValueAndBumpsTheRevision() throws Exception {
    long before = config.revision();
    ConfigEntry written = config.put("/org/myorg/app/db/port", json("5432"));
    assertThat(written.modRevision()).isGreaterThan(before);
    assertThat(written.version()).isEqualTo(1);
    ConfigEntry again = config.put("/org/myorg/app/db/port", json("5433"));
    assertThat(again.modRevision()).isGreaterThan(written.modRevision());
    assertThat(again.createRevision()).isEqualTo(written.modRevision());
    assertThat(again.version()).isEqualTo(2);
    assertThat(config.get("/org/myorg/app/db/port").orElseThrow().value()).isEqualTo(json("5433"));
    assertThat(config.get("/org/myorg/app/db/missing")).isEmpty();
  }

  @Test
  void everyJsonValue_roundTrips() throws Exception {
    for (String text :
        List.of(
            "\"text\"",
            "0",
            "-7",
            "5000000000",
            "2.5",
            "true",
            "null",
            "[1,\"a\",[]]",
            "{\"nested\":{\"list\":[1,2],\"s\":\"it's\"}}")) {
      config.put("/values/v", json(text));
      assertThat(config.get("/values/v").orElseThrow().value()).as(text).isEqualTo(json(text));
    }
  }

  @Test
  void invalidPaths_areRefusedNamingTheKey() {
    assertThatThrownBy(() -> config.put("/org/../etc", json("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/org/../etc'");
    assertThatThrownBy(() -> config.put("relative/key", json("1")))
        .hasMessageContaining("'relative/key'")
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> config.put("/org/dir/", json("1")))
        .hasMessageContaining("'/org/dir/'");
    assertThatThrownBy(() -> config.get("/a//b")).hasMessageContaining("'/a//b'");
  }

  @Test
  void list_givesKeysAndSubdirectoriesOneLevelDeep() throws Exception {
    config.put("/org/app/name", json("\"web\""));
    config.put("/org/app/db/port", json("5432"));
    config.put("/org/app/db/tls/ca", json("\"pem\""));
    config.put("/org/app/cache/size", json("64"));
    config.put("/org/application", json("\"neighbour, not inside\""));
    Listing listing = config.list("/org/app/");
    assertThat(listing.keys()).extracting(e -> e.path().text()).containsExactly("/org/app/name");
    assertThat(listing.directories())
        .extracting(ConfigPath::text)
        .containsExactly("/org/app/cache/", "/org/app/db/");
    assertThat(config.list("/org/app").directory()).isEqualTo(ConfigPath.of("/org/app/"));
    assertThat(config.list("/nothing/").keys()).isEmpty();
  }

  @Test
  void dumpJson_isATreeWithDirectoriesEndingInSlash() throws Exception {
    config.put("/org/app/name", json("\"web\""));
    config.put("/org/app/db/port", json("5432"));
    config.put("/org/app/db", json("\"a key beside the directory\""));
    config.put("/org/app/db/password", json("\"" + PASSWORD + "\""), Write.SECRET);
    assertThat(config.dumpJson("/org/app/", Secrets.HIDE))
        .isEqualTo(
            json(
                """
                {"name": "web", "db": "a key beside the directory",
                 "db/": {"port": 5432, "password": "<secret>"}}
                """));
    assertThat(config.dumpJson("/org/", Secrets.REVEAL).at("/app~1/db~1/password").asText())
        .isEqualTo(PASSWORD);
  }

  @Test
  void delete_keyAndTree() throws Exception {
    config.put("/org/app/a", json("1"));
    config.put("/org/app/sub/b", json("2"));
    config.put("/org/apple", json("3"));
    assertThat(config.delete("/org/app/a")).isTrue();
    assertThat(config.delete("/org/app/a")).isFalse();
    long before = config.revision();
    config.put("/org/app/sub/c", json("4"));
    assertThat(config.deleteTree("/org/app/")).isEqualTo(2);
    assertThat(config.revision()).isEqualTo(before + 2);
    assertThat(config.get("/org/apple")).isPresent();
    assertThat(config.dumpJson("/org/app/", Secrets.HIDE)).isEmpty();
  }

  @Test
  void compareAndSet_onTheRevision_conflictsWhenStale() throws Exception {
    ConfigEntry created = config.put("/cas/k", json("1"), Write.ifRevision(0));
    assertThatThrownBy(() -> config.put("/cas/k", json("2"), Write.ifRevision(0)))
        .isInstanceOfSatisfying(
            ConfigConflictException.class,
            e -> {
              assertThat(e.expectedRevision()).isZero();
              assertThat(e.actualRevision()).isEqualTo(created.modRevision());
            })
        .hasMessageContaining("/cas/k: expected no key, found revision " + created.modRevision());
    ConfigEntry updated = config.put("/cas/k", json("2"), Write.ifRevision(created.modRevision()));
    assertThatThrownBy(
            () -> config.put("/cas/k", json("3"), Write.ifRevision(created.modRevision())))
        .isInstanceOf(ConfigConflictException.class);
    assertThatThrownBy(() -> config.delete("/cas/k", created.modRevision()))
        .isInstanceOf(ConfigConflictException.class);
    assertThat(config.get("/cas/k").orElseThrow().value()).isEqualTo(json("2"));
    assertThat(config.delete("/cas/k", updated.modRevision())).isTrue();
  }

  @Test
  void compareAndSet_concurrentIncrements_loseNone() throws Exception {
    config.put("/cas/counter", json("0"));
    int writers = 4;
    int each = 10;
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < writers; w++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < each; ) {
                        ConfigEntry current = config.get("/cas/counter").orElseThrow();
                        try {
                          config.put(
                              "/cas/counter",
                              json(String.valueOf(current.value().intValue() + 1)),
                              Write.ifRevision(current.modRevision()));
                          i++;
                        } catch (ConfigConflictException lost) {
                          // another writer won this round: read again
                        }
                      }
                    } catch (Throwable t) {
                      failures.add(t);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(50));
    }
    assertThat(failures).isEmpty();
    assertThat(config.get("/cas/counter").orElseThrow().value().intValue())
        .isEqualTo(writers * each);
  }

  @Test
  void secret_isEncryptedAtRestAndHiddenUnlessRevealed() throws Exception {
    ConfigEntry written =
        config.put("/org/app/db/password", json("\"" + PASSWORD + "\""), Write.SECRET);
    assertThat(written.secret()).isTrue();
    assertThat(written.value().asText()).isEqualTo("<secret>");
    assertThat(written.toString()).doesNotContain(PASSWORD).contains("<secret>");

    ConfigEntry hidden = config.get("/org/app/db/password").orElseThrow();
    assertThat(hidden.hidden()).isTrue();
    assertThat(hidden.value().asText()).isEqualTo("<secret>");
    ConfigEntry revealed = config.get("/org/app/db/password", Secrets.REVEAL).orElseThrow();
    assertThat(revealed.hidden()).isFalse();
    assertThat(revealed.value().asText()).isEqualTo(PASSWORD);
    assertThat(revealed.toString()).doesNotContain(PASSWORD);

    assertThat(config.list("/org/app/db/").keys().getFirst().value().asText())
        .isEqualTo("<secret>");
    assertThat(config.dumpDconf("/", Secrets.HIDE))
        .contains("password='<secret>'")
        .doesNotContain(PASSWORD);
    assertThat(config.dumpDconf("/", Secrets.REVEAL)).contains("password='" + PASSWORD + "'");
    assertThat(config.dumpJson("/", Secrets.HIDE).toString()).doesNotContain(PASSWORD);

    config.put("/org/app/db/user", json("\"visible-user-name\""));
    byte[] raw = kv.get(namespace + "/org/app/db/password").orElseThrow().value();
    assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
    // what the backend keeps holds plain values as written, and the secret in no form
    assertThat(rawBytesStored()).contains("visible-user-name").doesNotContain(PASSWORD);
  }

  /** Everything the backend keeps (the database files, or what etcd returns), as text. */
  abstract String rawBytesStored() throws Exception;

  @Test
  void secret_staysSecretThroughAPlainWrite() throws Exception {
    config.put("/s/token", json("\"first\""), Write.SECRET);
    ConfigEntry second = config.put("/s/token", json("\"second\""));
    assertThat(second.secret()).isTrue();
    assertThat(config.get("/s/token", Secrets.REVEAL).orElseThrow().value().asText())
        .isEqualTo("second");
    for (KeyValue raw : kv.range(namespace + "/").entries()) {
      assertThat(raw.text()).doesNotContain("second");
    }
    config.delete("/s/token");
    assertThat(config.put("/s/token", json("\"plain now\"")).secret()).isFalse();
  }

  @Test
  void secret_readByAStoreWithAnotherKey_failsNamingTheKeyFile() throws Exception {
    config.put("/s/password", json("\"x\""), Write.SECRET);
    try (TempDirectory other = TempDirectory.create("berth-kv-other-")) {
      ConfigStore elsewhere =
          ConfigStores.open(
              kv, namespace, SecretKeyFile.createOnFirstUse(other.resolve("keys/kv.key")));
      assertThat(elsewhere.get("/s/password").orElseThrow().hidden()).isTrue();
      assertThatThrownBy(() -> elsewhere.get("/s/password", Secrets.REVEAL))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("/s/password: the secret was encrypted with key")
          .hasMessageContaining(other.resolve("keys/kv.key").toString());
    }
  }

  @Test
  void dconf_dumpThenLoadElsewhere_givesTheSameTree() throws Exception {
    config.put("/org/app/name", json("\"it's \\\"quoted\\\" \\\\ and\\nmultiline\\t\\u0001é😀\""));
    config.put("/org/app/port", json("5432"));
    config.put("/org/app/big", json("5000000000"));
    config.put("/org/app/ratio", json("0.25"));
    config.put("/org/app/on", json("false"));
    config.put("/org/app/hosts", json("[\"a\", \"b'c\"]"));
    config.put("/org/app/mixed", json("[1, \"two\", 3.5, null]"));
    config.put("/org/app/none", json("[]"));
    config.put("/org/app/db/url", json("\"[x] = y # not a comment\""));
    config.put("/org/top", json("1"));
    String dump = config.dumpDconf("/org/app/", Secrets.HIDE);
    assertThat(dump).startsWith("[/]\n").contains("\n[db]\nurl='[x] = y # not a comment'\n");

    LoadResult loaded = config.loadDconf("/copy/", dump);
    assertThat(loaded.written()).hasSize(9);
    assertThat(config.dumpJson("/copy/", Secrets.HIDE))
        .isEqualTo(config.dumpJson("/org/app/", Secrets.HIDE));
    assertThat(config.dumpDconf("/copy/", Secrets.HIDE)).isEqualTo(dump);
  }

  @Test
  void dconf_objectsTravelAsJsonStrings() throws Exception {
    config.put("/o/settings", json("{\"a\":[1,2],\"b\":\"it's\"}"));
    String dump = config.dumpDconf("/o/", Secrets.HIDE);
    config.loadDconf("/p/", dump);
    JsonNode copied = config.get("/p/settings").orElseThrow().value();
    assertThat(copied.isTextual()).isTrue();
    assertThat(json(copied.asText())).isEqualTo(json("{\"a\":[1,2],\"b\":\"it's\"}"));
  }

  @Test
  void dconf_loadOfAHiddenSecret_keepsTheSecret() throws Exception {
    config.put("/app/password", json("\"" + PASSWORD + "\""), Write.SECRET);
    config.put("/app/user", json("\"admin\""));
    String dump = config.dumpDconf("/app/", Secrets.HIDE);
    LoadResult loaded = config.loadDconf("/app/", dump.replace("'admin'", "'root'"));
    assertThat(loaded.keptSecrets()).containsExactly(ConfigPath.of("/app/password"));
    assertThat(loaded.written()).containsExactly(ConfigPath.of("/app/user"));
    assertThat(config.get("/app/password", Secrets.REVEAL).orElseThrow().value().asText())
        .isEqualTo(PASSWORD);
    assertThat(config.get("/app/user").orElseThrow().value().asText()).isEqualTo("root");
  }

  @Test
  void dconf_badText_writesNothingAndNamesTheLine() throws Exception {
    long before = config.revision();
    assertThatThrownBy(() -> config.loadDconf("/x/", "[a]\nk=1\n[b]\nk='unclosed\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dconf text, line 4: key '/x/b/k'");
    assertThat(config.revision()).isEqualTo(before);
  }

  @Test
  void watch_prefix_fromARevision_replaysThenFollowsWithSecretsHidden() throws Exception {
    ConfigEntry first = config.put("/w/app/a", json("1"));
    config.put("/w/app/password", json("\"" + PASSWORD + "\""), Write.SECRET);
    config.put("/w/other", json("\"not watched\""));
    List<ConfigEvent> seen = new CopyOnWriteArrayList<>();
    List<ConfigException> failures = new CopyOnWriteArrayList<>();
    watches.add(config.watch("/w/app/", first.modRevision(), listener(seen, failures)));
    config.delete("/w/app/a");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).hasSize(3));
    assertThat(seen.get(0)).isInstanceOf(ConfigEvent.Changed.class);
    assertThat(seen.get(0).path()).isEqualTo(ConfigPath.of("/w/app/a"));
    ConfigEntry secret = ((ConfigEvent.Changed) seen.get(1)).entry();
    assertThat(secret.hidden()).isTrue();
    assertThat(secret.value().asText()).isEqualTo("<secret>");
    assertThat(seen.get(2)).isInstanceOf(ConfigEvent.Deleted.class);
    assertThat(seen).extracting(ConfigEvent::revision).isSorted();
    assertThat(failures).isEmpty();
  }

  @Test
  void watch_key_seesOnlyThatKey() throws Exception {
    List<ConfigEvent> seen = new CopyOnWriteArrayList<>();
    watches.add(config.watch("/w/k", 0, listener(seen, new CopyOnWriteArrayList<>())));
    config.put("/w/k2", json("0"));
    config.put("/w/k", json("1"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).hasSize(1));
    assertThat(seen.getFirst().path()).isEqualTo(ConfigPath.of("/w/k"));
  }

  private static ConfigListener listener(List<ConfigEvent> seen, List<ConfigException> failed) {
    return new ConfigListener() {
      @Override
      public void onEvents(List<ConfigEvent> events) {
        seen.addAll(events);
      }

      @Override
      public void onFailed(ConfigException error) {
        failed.add(error);
      }
    };
  }
}
