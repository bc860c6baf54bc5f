package io.berth.api.server;

import io.berth.api.ApiException.Kind;
import io.berth.api.Problem;
import io.berth.spec.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors, for requests it refuses before any route runs (a malformed request line, an
 * ambiguous path, headers too large): problem documents too, never an HTML page.
 */
final class ErrorPages implements Request.Handler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    int status = response.getStatus();
    String message = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
      status = http.getCode();
      message = message == null ? http.getReason() : message;
    }
    if (status < 400) {
      status = 500;
    }
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    Problem problem =
        Problem.of(
            status,
            Kind.ofStatus(status).slug(),
            HttpStatus.getMessage(status),
            message == null ? HttpStatus.getMessage(status) : message,
            path);
    byte[] body = Json.lenient().writeValueAsBytes(problem);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
