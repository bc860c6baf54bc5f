package io.berth.testing;

import io.berth.testing.FaultProxy.Fault;
import io.berth.testing.FaultProxy.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One connection to a {@link FaultProxy}: reads the request head, asks the proxy which fault
 * applies, then answers on its own, forwards with an edit, or breaks the exchange. Every socket it
 * opens is in {@code open} while in use, so that closing the proxy can hang up on all of them.
 */
final class ProxiedExchange {
  /** What to change in a forwarded exchange. */
  private record Edit(
      String dropRequestHeader,
      String responseHeader,
      String newValue,
      long bodyLimit,
      boolean stall) {
    static final Edit NONE = new Edit(null, null, null, -1, false);
  }

  private final int upstreamPort;
  private final Set<Socket> open;

  ProxiedExchange(int upstreamPort, Set<Socket> open) {
    this.upstreamPort = upstreamPort;
    this.open = open;
  }

  /** Serves the one request on {@code client}; {@code decide} returns null to just forward it. */
  void serve(Socket client, Function<Request, Fault> decide) {
    try (client) {
      client.setSoTimeout((int) FaultProxy.SOCKET_TIMEOUT.toMillis());
      OutputStream out = client.getOutputStream();
      List<String> head = readHead(client.getInputStream());
      if (head.isEmpty()) {
        return; // not HTTP (a TLS hello) or nothing at all: hang up
      }
      switch (decide.apply(parse(head))) {
        case Fault.Status s -> answer(out, s.code() + " Injected", s.headers(), new byte[0]);
        case Fault.Serve s -> answer(out, "200 OK", Map.of(), s.body());
        case Fault.Redirect r ->
            answer(out, "307 Temporary Redirect", Map.of("Location", r.location()), new byte[0]);
        case Fault.DropMidHeaders d -> out.write(ascii("HTTP/1.1 200 OK\r\nContent-Ty"));
        case Fault.StripAuthorization s ->
            forward(head, out, new Edit("authorization", null, null, -1, false));
        case Fault.StripResponseHeader s ->
            forward(head, out, new Edit(null, s.name(), null, -1, false));
        case Fault.SetResponseHeader s ->
            forward(head, out, new Edit(null, s.name(), s.value(), -1, false));
        case Fault.StallBody s -> forward(head, out, new Edit(null, null, null, 1, true));
        case Fault.DropBodyAfter d ->
            forward(head, out, new Edit(null, null, null, d.bytes(), false));
        case null -> forward(head, out, Edit.NONE);
      }
      out.flush();
    } catch (IOException e) {
      // the client went away, or the proxy is closing; nothing to do
    } finally {
      open.remove(client);
    }
  }

  private static Request parse(List<String> head) {
    String[] line = head.getFirst().split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header : head.subList(1, head.size())) {
      if (header.indexOf(':') > 0) {
        headers.put(name(header), header.substring(header.indexOf(':') + 1).strip());
      }
    }
    return new Request(line[0], line.length > 1 ? line[1] : "", headers);
  }

  private static void answer(
      OutputStream out, String status, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder answer = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    headers.forEach((k, v) -> answer.append(k).append(": ").append(v).append("\r\n"));
    answer.append("Content-Length: ").append(body.length).append("\r\n");
    answer.append("Connection: close\r\n\r\n");
    out.write(ascii(answer.toString()));
    out.write(body);
  }

  private void forward(List<String> head, OutputStream out, Edit edit) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      open.add(upstream);
      upstream.setSoTimeout((int) FaultProxy.SOCKET_TIMEOUT.toMillis());
      StringBuilder request = new StringBuilder(head.getFirst()).append("\r\n");
      for (String header : head.subList(1, head.size())) {
        String name = name(header);
        if (!name.equals("connection") && !name.equals(edit.dropRequestHeader())) {
          request.append(header).append("\r\n");
        }
      }
      request.append("Connection: close\r\n\r\n");
      upstream.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      upstream.getOutputStream().flush();
      InputStream answer = upstream.getInputStream();
      StringBuilder response = new StringBuilder();
      for (String header : readHead(answer)) {
        if (edit.responseHeader() == null
            || !name(header).equalsIgnoreCase(edit.responseHeader())) {
          response.append(header).append("\r\n");
        }
      }
      if (edit.newValue() != null) {
        response.append(edit.responseHeader()).append(": ").append(edit.newValue()).append("\r\n");
      }
      response.append("\r\n");
      out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (edit.bodyLimit() < 0) {
        answer.transferTo(out);
        return;
      }
      out.write(answer.readNBytes((int) Math.min(edit.bodyLimit(), Integer.MAX_VALUE)));
      out.flush();
      if (edit.stall()) {
        Thread.sleep(FaultProxy.SOCKET_TIMEOUT);
      }
    } catch (SocketException e) {
      // either side hung up
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the proxy is closing
    }
  }

  /** A header's name in lower case; empty for a status line. */
  private static String name(String header) {
    int colon = header.indexOf(':');
    return colon < 0 ? "" : header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
  }

  /** The request or status line and headers, up to the blank line; empty when not HTTP. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int first = in.read();
    if (first < 0 || first == 0x16) {
      return List.of();
    }
    for (int c = first; c >= 0; c = in.read()) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
        line.reset();
      } else {
        line.write(c);
      }
    }
    return lines;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
