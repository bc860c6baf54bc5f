package io.berth.api.server;

import io.berth.api.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, read by type. An absent parameter is null (or false for a flag), so
 * a client that leaves a parameter out gets the implementation's default, as an in-process caller
 * passing null does.
 */
final class Query {
  private final Map<String, String> values;
  private final Map<String, List<String>> all;

  Query(Map<String, List<String>> all) {
    this.all = Map.copyOf(all);
    Map<String, String> first = new HashMap<>();
    all.forEach((name, list) -> first.put(name, list.getFirst()));
    this.values = Map.copyOf(first);
  }

  static Query of(Map<String, String> values) {
    Map<String, List<String>> all = new HashMap<>();
    values.forEach((name, value) -> all.put(name, List.of(value)));
    return new Query(all);
  }

  String string(String name) {
    return values.get(name);
  }

  /** Every value of a repeatable parameter, in the order given; empty when absent. */
  List<String> strings(String name) {
    return all.getOrDefault(name, List.of());
  }

  /** {@code ?force}, {@code ?force=true} and {@code ?force=1} are true; absent is false. */
  boolean flag(String name) {
    String value = values.get(name);
    return switch (value) {
      case null -> false;
      case "", "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw invalid(name, value, "true or false");
    };
  }

  /** A number of seconds, fractions allowed ({@code 0.5}), negative allowed; null when absent. */
  Duration seconds(String name) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    try {
      BigDecimal millis = new BigDecimal(value).movePointRight(3).setScale(0, RoundingMode.HALF_UP);
      return Duration.ofMillis(millis.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(name, value, "a number of seconds");
    }
  }

  /** A count, or {@code all} (-1); -1 when absent. */
  int countOrAll(String name) {
    String value = values.get(name);
    if (value == null || value.equals("all")) {
      return -1;
    }
    try {
      int count = Integer.parseInt(value);
      if (count >= 0) {
        return count;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw invalid(name, value, "a count of 0 or more, or 'all'");
  }

  /** An RFC 3339 time ({@code 2025-01-31T12:00:00Z}) or Unix seconds; null when absent. */
  Instant instant(String name) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        BigDecimal seconds = new BigDecimal(value);
        return Instant.ofEpochSecond(
            seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException x) {
        throw invalid(name, value, "an RFC 3339 time or Unix seconds");
      }
    }
  }

  private static ApiException invalid(String name, String value, String expected) {
    return ApiException.badRequest(
        "query parameter '%s' must be %s, not '%s'".formatted(name, expected, value));
  }
}
