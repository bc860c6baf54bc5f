package io.berth.template;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/** Functions on data: env len index loop atoi json toJSON parseJSON. */
final class DataFunctions {
  private static final int ANY = Integer.MAX_VALUE;

  /** Map keys in order, so that the same data always renders the same text. */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private DataFunctions() {}

  static List<Function> all() {
    return List.of(
        Function.of("env", 1, 1, DataFunctions::env),
        Function.of("len", 1, 1, DataFunctions::length),
        Function.of("index", 1, ANY, DataFunctions::index),
        Function.of("loop", 1, 2, DataFunctions::loop),
        Function.of("atoi", 1, 1, call -> call.integer(0)),
        Function.of("json", 1, 1, DataFunctions::toJson),
        Function.of("toJSON", 1, 1, DataFunctions::toJson),
        Function.of("parseJSON", 1, 1, DataFunctions::parseJson));
  }

  /** The render's environment (not necessarily the agent's), "" when unset, as Go's Getenv. */
  private static String env(Call call) {
    String name = call.string(0);
    call.dependsOn(name);
    String value = call.env(name);
    return value == null ? "" : value;
  }

  private static long length(Call call) {
    Object v = call.arg(0);
    return switch (v) {
      case null -> 0;
      case String s -> s.codePointCount(0, s.length());
      case Map<?, ?> m -> m.size();
      default -> {
        List<?> list = Values.asList(v);
        if (list == null) {
          throw new TemplateFunctionException("cannot take the length of " + Values.describe(v));
        }
        yield list.size();
      }
    };
  }

  /** Go's {@code index X K1 K2}: {@code X[K1][K2]}; a missing map key gives nothing. */
  private static Object index(Call call) {
    Object v = call.arg(0);
    for (int i = 1; i < call.args().size(); i++) {
      Object key = call.arg(i);
      if (v == null) {
        return null;
      }
      if (v instanceof Map<?, ?> map) {
        Object found = map.get(key instanceof String ? key : call.string(i));
        v = Numbers.normalize(found != null ? found : map.get(key));
        continue;
      }
      List<?> list = Values.asList(v);
      if (list == null) {
        throw new TemplateFunctionException("cannot index " + Values.describe(v));
      }
      if (!Numbers.isIntegral(key)) {
        throw new TemplateFunctionException(
            "a list's index must be a whole number, not " + Values.describe(key));
      }
      long at = Numbers.toLong(key);
      if (at < 0 || at >= list.size()) {
        throw new TemplateFunctionException(
            "index %d is out of range: the list has %d element%s"
                .formatted(at, list.size(), list.size() == 1 ? "" : "s"));
      }
      v = Numbers.normalize(list.get((int) at));
    }
    return v;
  }

  /**
   * ContainerPilot's {@code loop}: {@code loop 3} is 0 1 2, {@code loop 2 5} is 2 3 4, {@code loop
   * 5 2} is 5 4 3. The numbers are made as they are read, so a long loop costs no memory, only
   * steps.
   */
  private static List<Long> loop(Call call) {
    long start = call.args().size() == 1 ? 0 : call.integer(0);
    long stop = call.integer(call.args().size() - 1);
    long size = Math.abs(stop - start);
    if (size > Integer.MAX_VALUE || (stop > start) != (stop - start > 0)) {
      throw new TemplateFunctionException("too many numbers: " + start + " to " + stop);
    }
    return new Sequence(start, stop > start ? 1 : -1, (int) size);
  }

  private static final class Sequence extends AbstractList<Long> {
    private final long start;
    private final long step;
    private final int size;

    Sequence(long start, long step, int size) {
      this.start = start;
      this.step = step;
      this.size = size;
    }

    @Override
    public Long get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException(index);
      }
      return start + step * index;
    }

    @Override
    public int size() {
      return size;
    }
  }

  private static String toJson(Call call) {
    Bounded out = new Bounded(call.maxText());
    try {
      JSON.writeValue(out, call.arg(0));
    } catch (IOException | RuntimeException e) {
      if (out.exceeded) {
        throw Values.tooLong(call.maxText());
      }
      throw new TemplateFunctionException(
          "cannot write " + Values.describe(call.arg(0)) + " as JSON: " + e.getMessage(), e);
    }
    return out.text.toString();
  }

  private static Object parseJson(Call call) {
    String text = call.string(0);
    if (text.isBlank()) {
      return null;
    }
    call.charge(text.length() / 1024);
    try {
      return JSON.readValue(text, Object.class);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr());
      String why = e.getOriginalMessage().lines().findFirst().orElse("");
      why = why.replaceAll("\\s*\\(start marker at .*", "");
      throw new TemplateFunctionException("not JSON" + where + ": " + why);
    }
  }

  /** A writer that stops at the limit, so a huge value is never held whole. */
  private static final class Bounded extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final int limit;
    private boolean exceeded;

    Bounded(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      if (text.length() + (long) length > limit) {
        exceeded = true;
        throw new IOException("longer than " + limit + " characters");
      }
      text.append(buffer, offset, length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
