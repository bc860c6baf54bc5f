package io.berth.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GVariantTextTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void write_scalars_asGLibPrintsThem() throws Exception {
    assertThat(GVariantWriter.write(json("\"plain\""))).isEqualTo("'plain'");
    assertThat(GVariantWriter.write(json("\"it's\""))).isEqualTo("\"it's\"");
    assertThat(GVariantWriter.write(json("\"it's \\\"x\\\"\""))).isEqualTo("\"it's \\\"x\\\"\"");
    assertThat(GVariantWriter.write(json("\"a\\\\b\""))).isEqualTo("'a\\\\b'");
    assertThat(GVariantWriter.write(json("\"a\\nb\\tc\\u0001\""))).isEqualTo("'a\\nb\\tc\\u0001'");
    assertThat(GVariantWriter.write(json("\"é 😀\""))).isEqualTo("'é 😀'");
    assertThat(GVariantWriter.write(json("42"))).isEqualTo("42");
    assertThat(GVariantWriter.write(json("-2147483648"))).isEqualTo("-2147483648");
    assertThat(GVariantWriter.write(json("5000000000"))).isEqualTo("int64 5000000000");
    assertThat(GVariantWriter.write(json("18446744073709551615")))
        .isEqualTo("uint64 18446744073709551615");
    assertThat(GVariantWriter.write(json("2.5"))).isEqualTo("2.5");
    assertThat(GVariantWriter.write(json("1.0"))).isEqualTo("1.0");
    assertThat(GVariantWriter.write(json("1e300"))).isEqualTo("1.0e300");
    assertThat(GVariantWriter.write(json("true"))).isEqualTo("true");
    assertThat(GVariantWriter.write(json("null"))).isEqualTo("@mv nothing");
  }

  @Test
  void write_containers() throws Exception {
    assertThat(GVariantWriter.write(json("[\"a\",\"b\"]"))).isEqualTo("['a', 'b']");
    assertThat(GVariantWriter.write(json("[]"))).isEqualTo("@as []");
    assertThat(GVariantWriter.write(json("[1,\"a\"]"))).isEqualTo("(1, 'a')");
    assertThat(GVariantWriter.write(json("[[1],[\"a\"]]"))).isEqualTo("([1], ['a'])");
    assertThat(GVariantWriter.write(json("[1, 5000000000]"))).isEqualTo("(1, int64 5000000000)");
    assertThat(GVariantWriter.write(json("{\"a\":1,\"b\":\"it's\"}")))
        .isEqualTo("\"{\\\"a\\\":1,\\\"b\\\":\\\"it's\\\"}\"");
  }

  @Test
  void parse_whatDconfDumpPrints() {
    assertThat(GVariantParser.parse("'plain'").asText()).isEqualTo("plain");
    assertThat(GVariantParser.parse("\"it's \\\"x\\\"\"").asText()).isEqualTo("it's \"x\"");
    assertThat(GVariantParser.parse("'a\\nb\\u00e9\\U0001F600'").asText()).isEqualTo("a\nbé😀");
    assertThat(GVariantParser.parse("uint32 7").intValue()).isEqualTo(7);
    assertThat(GVariantParser.parse("int64 -5000000000").longValue()).isEqualTo(-5000000000L);
    assertThat(GVariantParser.parse("byte 0x1f").intValue()).isEqualTo(31);
    assertThat(GVariantParser.parse("0755").intValue()).isEqualTo(493);
    assertThat(GVariantParser.parse("-1.5e3").doubleValue()).isEqualTo(-1500.0);
    assertThat(GVariantParser.parse("@as []").isArray()).isTrue();
    assertThat(GVariantParser.parse("[(1, 'a'), (2, 'b')]").toString())
        .isEqualTo("[[1,\"a\"],[2,\"b\"]]");
    assertThat(GVariantParser.parse("(1,)").toString()).isEqualTo("[1]");
    assertThat(GVariantParser.parse("@a{sv} {'k': <'v'>, 'n': <uint32 3>}").toString())
        .isEqualTo("{\"k\":\"v\",\"n\":3}");
    assertThat(GVariantParser.parse("{}").toString()).isEqualTo("{}");
    assertThat(GVariantParser.parse("b'bytes\\000'").asText()).isEqualTo("bytes\0");
    assertThat(GVariantParser.parse("@ms nothing").isNull()).isTrue();
    assertThat(GVariantParser.parse("just 'x'").asText()).isEqualTo("x");
    assertThat(GVariantParser.parse("  true  ").booleanValue()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "'unterminated",
        "[1, 2",
        "1 2",
        "inf",
        "unknownword",
        "@z 1",
        "'\\u12'",
        "{'a' 1}",
        ""
      })
  void parse_badText_failsWithTheColumn(String text) {
    assertThatThrownBy(() -> GVariantParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("column ");
  }

  @Test
  void parse_error_neverQuotesTheText() {
    assertThatThrownBy(() -> GVariantParser.parse("'hunter2")).message().doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"\"",
        "\"it's\"",
        "\"say \\\"hi\\\"\"",
        "\"both ' and \\\"\"",
        "\"back\\\\slash\\\\\"",
        "\"\\\\'\"",
        "\"line\\nbreak\\r\\n\\ttab\"",
        "\"\\u0000\\u0007\\u001f\\u007f\\u00ad\\u2028\"",
        "\"é ✓ 😀 \\ud7ff\"",
        "\"#not a comment\"",
        "\"[not a group]\"",
        "\"k=v\"",
        "\"  spaces  \"",
        "\"<secret>\"",
        "0",
        "-2147483648",
        "2147483648",
        "-9223372036854775808",
        "18446744073709551615",
        "0.1",
        "-0.0",
        "1e-300",
        "true",
        "false",
        "null",
        "[]",
        "[[]]",
        "[1,2,3]",
        "[1,\"a\",true,null,2.5]",
        "[\"x\"]",
        "[[1,2],[3]]",
        "[[1],[\"a\"]]",
        "[1, 2.5]",
        "[\"it's\", \"plain\"]"
      })
  void writeThenParse_givesTheSameJson(String text) throws Exception {
    JsonNode value = json(text);
    assertThat(GVariantParser.parse(GVariantWriter.write(value))).isEqualTo(value);
  }

  @Test
  void objects_areWrittenAsJsonStrings() throws Exception {
    JsonNode object = json("{\"a\":[1,{\"b\":\"it's\"}]}");
    JsonNode back = GVariantParser.parse(GVariantWriter.write(object));
    assertThat(back.isTextual()).isTrue();
    assertThat(json(back.asText())).isEqualTo(object);
  }
}
