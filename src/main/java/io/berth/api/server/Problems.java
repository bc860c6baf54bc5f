package io.berth.api.server;

import io.berth.api.ApiException;
import io.berth.api.ApiException.Kind;
import io.berth.api.Problem;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a route throws into a problem document. An {@link ApiException} keeps its kind and
 * message; anything else is a 500 whose body names an incident and whose stack trace goes to the
 * log, never to the client.
 */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  static Problem of(Throwable failure, String instance) {
    return switch (failure) {
      case ApiException api -> {
        if (api.kind() == Kind.INTERNAL) {
          LOG.warn("{}: {}", instance, api.getMessage(), api);
        }
        yield Problem.of(api, instance);
      }
      case HttpException http ->
          Problem.of(
              new ApiException(Kind.ofStatus(http.getCode()), String.valueOf(http.getReason())),
              instance);
      default -> {
        String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        LOG.error("{}: incident {}: unexpected failure", instance, incident, failure);
        yield Problem.of(
            new ApiException(
                Kind.INTERNAL,
                "unexpected error (incident %s); the agent's log has the details"
                    .formatted(incident)),
            instance);
      }
    };
  }
}
