package io.berth.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON mappers berth uses, configured once. */
public final class Json {
  // Each mapper is built at its first use (a holder class each): building one costs a short-lived
  // CLI tens of milliseconds, and most commands need one or none.
  private static final class Lenient {
    static final ObjectMapper MAPPER =
        common()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
  }

  private static final class Strict {
    static final ObjectMapper MAPPER =
        common()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  /** What both mappers do: java.time as ISO text, and nulls left out. */
  private static JsonMapper.Builder common() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
  }

  private Json() {}

  /**
   * For documents others write and may extend (OCI manifests and configs, registry answers):
   * unknown fields are ignored, as the specs require.
   */
  public static ObjectMapper lenient() {
    return Lenient.MAPPER;
  }

  /** For what users and clients send berth: an unknown field is an error that names it. */
  public static ObjectMapper strict() {
    return Strict.MAPPER;
  }
}
