package io.berth.api.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for berth's API: one request per connection ({@code Connection: close}),
 * responses framed by {@code Content-Length}, by chunks, or by the end of the connection, and read
 * as they arrive, so a stream's lines reach the caller one by one.
 */
final class Http1 {
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private Http1() {}

  /** Sends a request and reads the response's head; the body is left to read. */
  static HttpResponse exchange(
      Transport.Connection connection,
      String method,
      String target,
      Map<String, String> headers,
      byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: berth\r\nConnection: close\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    OutputStream out = connection.output();
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null || body.length == 0) {
      out.write(headBytes);
    } else {
      byte[] request = new byte[headBytes.length + body.length];
      System.arraycopy(headBytes, 0, request, 0, headBytes.length);
      System.arraycopy(body, 0, request, headBytes.length, body.length);
      out.write(request);
    }
    out.flush();
    return readResponse(new BufferedInputStream(connection.input(), 16 * 1024), method);
  }

  private static HttpResponse readResponse(InputStream in, String method) throws IOException {
    int[] budget = {MAX_HEAD_BYTES};
    String statusLine = headLine(in, budget);
    if (statusLine == null) {
      throw new EOFException("the agent closed the connection without answering");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.1 response: " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + statusLine, e);
    }
    Map<String, String> headers = new HashMap<>();
    for (String line; !(line = headLine(in, budget)).isEmpty(); ) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed response header: " + line);
      }
      headers.put(
          line.substring(0, colon).strip().toLowerCase(), line.substring(colon + 1).strip());
    }
    return new HttpResponse(status, Map.copyOf(headers), body(in, status, method, headers));
  }

  private static InputStream body(
      InputStream in, int status, String method, Map<String, String> headers) throws IOException {
    if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
      return InputStream.nullInputStream();
    }
    String encoding = headers.getOrDefault("transfer-encoding", "");
    if (encoding.toLowerCase().contains("chunked")) {
      return new ChunkedInputStream(in);
    }
    String length = headers.get("content-length");
    if (length != null) {
      try {
        return new LengthInputStream(in, Long.parseLong(length));
      } catch (NumberFormatException e) {
        throw new IOException("malformed Content-Length: " + length, e);
      }
    }
    return in;
  }

  /** A CRLF-terminated line of the head (Latin-1); null at a clean end of the stream. */
  static String headLine(InputStream in, int[] budget) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) != -1) {
      if (--budget[0] < 0) {
        throw new IOException("the response head is larger than " + MAX_HEAD_BYTES + " bytes");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    if (line.size() == 0) {
      return null;
    }
    throw new EOFException("the connection ended inside a header line");
  }

  /**
   * The next line of a body ({@code \n}-terminated, without it), or null at its end. A last line
   * without a newline is returned too.
   */
  static byte[] bodyLine(InputStream in, int maxBytes) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return line.toByteArray();
      }
      if (line.size() >= maxBytes) {
        throw new IOException("a streamed line is longer than " + maxBytes + " bytes");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toByteArray();
  }
}
