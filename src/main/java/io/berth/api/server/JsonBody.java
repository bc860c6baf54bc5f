package io.berth.api.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.berth.api.ApiException;
import io.berth.spec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body as a record with {@link Json#strict()}: an unknown field, a wrong type, bad
 * syntax, a missing or oversized body are bad requests that say what and where ({@link
 * JsonErrors}).
 */
final class JsonBody {
  private static final ObjectMapper MAPPER = mapper();

  private JsonBody() {}

  static <T> T read(byte[] bytes, Class<T> type) throws IOException {
    if (bytes.length == 0) {
      throw ApiException.badRequest("the request needs a JSON body: " + JsonErrors.article(type));
    }
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      T value =
          MAPPER
              .readerFor(type)
              .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
              .readValue(parser);
      if (parser.nextToken() != null) {
        throw ApiException.badRequest(
            "the request body goes on after its JSON object"
                + JsonErrors.where(parser.currentTokenLocation()));
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw JsonErrors.unknownField(e, bytes, MAPPER);
    } catch (ValueInstantiationException e) {
      // A record's constructor refused the values; its message is meant for users.
      if (e.getCause() instanceof ApiException api) {
        throw api;
      }
      throw JsonErrors.invalid(e, type);
    } catch (MismatchedInputException e) {
      throw JsonErrors.mismatch(e, type);
    } catch (StreamReadException e) {
      throw JsonErrors.malformed(e);
    } catch (JsonMappingException e) {
      throw JsonErrors.invalid(e, type);
    }
  }

  // Json.strict(), and stricter about types: "3" is not a number, 3 is not a string, 1 is not
  // true (an integer still makes a floating-point number). A missing primitive takes its default
  // (the reader above): a record has no other way to say "absent", and Json.strict() alone
  // refuses {"image":"busybox"} for lack of "writable".
  private static ObjectMapper mapper() {
    ObjectMapper mapper = Json.strict().copy();
    mapper
        .coercionConfigDefaults()
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
    return mapper;
  }

  static byte[] bytes(Request request, long maxBytes) throws IOException {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared > maxBytes) {
      throw tooLarge(declared + " bytes", maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) != -1; ) {
        if (out.size() + (long) n > maxBytes) {
          throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static ApiException tooLarge(String size, long maxBytes) {
    return new ApiException(
        ApiException.Kind.TOO_LARGE,
        "the request body is %s; the limit is %d bytes".formatted(size, maxBytes));
  }
}
