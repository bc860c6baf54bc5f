package io.berth.kv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.coord.KeyValueStore;
import io.berth.coord.KeyValueStores;
import io.berth.spec.CoordSpec;
import io.berth.store.Database;
import io.berth.testing.TempDirectory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * berth's dconf text against the real dconf: what {@code dconf dump} prints loads into berth, and
 * what berth dumps loads into dconf and comes back with the same values.
 */
class DconfInteropTest {
  private TempDirectory directory;
  private Database database;
  private KeyValueStore kv;
  private ConfigStore config;
  private RealDconf dconf;

  @BeforeEach
  void open() throws Exception {
    directory = TempDirectory.create("berth-kv-dconf-");
    database = Database.open(directory.resolve("berth.db"), List.of(KeyValueStores.SCHEMA));
    kv = KeyValueStores.embedded(database, CoordSpec.Embedded.DEFAULT);
    config =
        ConfigStores.open(kv, SecretKeyFile.createOnFirstUse(directory.resolve("keys/kv.key")));
    dconf = new RealDconf();
  }

  @AfterEach
  void close() {
    dconf.close();
    kv.close();
    database.close();
    directory.close();
  }

  @Test
  void dconfDump_loadsIntoBerth_andBerthsDumpLoadsBackIntoDconf() throws Exception {
    String dconfDump =
        dconf.loadAndDump(
            "/x/",
            """
            [org/app/db]
            password='s3cr"et'
            quote="it's"
            both="it's \\"x\\" \\\\ done"
            nl='a\\nb\\tc\\u0001'
            uni='é ✓ 😀'
            port=5432
            big=int64 5000000000
            u=uint32 7
            d=2.5
            one=1.0
            flag=true
            list=['a', 'b']
            empty=@as []
            tuple=(1, 'a', 2.5)
            var=<42>
            nested=[[1, 2], [3]]

            [/]
            top='x'
            """);
    config.loadDconf("/imported/", dconfDump);
    String berthDump = config.dumpDconf("/imported/", Secrets.HIDE);
    String backFromDconf = dconf.loadAndDump("/y/", berthDump);

    assertThat(values(backFromDconf)).isEqualTo(values(dconfDump));
    assertThat(values(dconfDump).get("/org/app/db/both").asText()).isEqualTo("it's \"x\" \\ done");
    assertThat(values(dconfDump)).hasSize(17);
  }

  @Test
  void berthsValues_surviveARoundTripThroughDconf() throws Exception {
    Map<String, String> values = new TreeMap<>();
    values.put("/a/empty", "\"\"");
    values.put("/a/apostrophe", "\"it's\"");
    values.put("/a/doubleQuotes", "\"say \\\"hi\\\"\"");
    values.put("/a/bothQuotes", "\"' and \\\" and \\\\\"");
    values.put("/a/backslashQuote", "\"\\\\'\"");
    values.put("/a/controls", "\"line\\nbreak\\r\\ttab\\u0007\\u001b\"");
    values.put("/a/unicode", "\"é ✓ 😀 \\u00ad\"");
    values.put("/a/lookalikes", "\"[group] # comment = value\"");
    values.put("/a/spaces", "\"  padded  \"");
    values.put("/a/numbers/int", "-2147483648");
    values.put("/a/numbers/long", "-9223372036854775808");
    values.put("/a/numbers/ulong", "18446744073709551615");
    values.put("/a/numbers/double", "0.1");
    values.put("/a/numbers/tiny", "1e-300");
    values.put("/a/bool", "false");
    values.put("/a/null", "null");
    values.put("/a/list/strings", "[\"a\", \"b'c\"]");
    values.put("/a/list/empty", "[]");
    values.put("/a/list/mixed", "[1, \"two\", 3.5, true]");
    values.put("/a/list/nested", "[[1, 2], [3]]");
    values.put("/a/list/ragged", "[[1], [\"a\"]]");
    values.put("/a/list/widths", "[1, 5000000000]");
    for (Map.Entry<String, String> value : values.entrySet()) {
      config.put(value.getKey(), ConfigStoreContract.json(value.getValue()));
    }
    String viaDconf = dconf.loadAndDump("/z/", config.dumpDconf("/a/", Secrets.HIDE));
    config.loadDconf("/back/", viaDconf);
    assertThat(config.dumpJson("/back/", Secrets.HIDE))
        .isEqualTo(config.dumpJson("/a/", Secrets.HIDE));
  }

  /** The values of a dconf text, by key, read with berth's parser. */
  private static Map<String, JsonNode> values(String text) {
    Map<String, JsonNode> result = new TreeMap<>();
    for (DconfFormat.Assignment a : DconfFormat.parse(ConfigPath.ROOT, text)) {
      result.put(a.path().text(), a.value());
    }
    return result;
  }
}
