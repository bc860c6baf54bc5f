package io.berth.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.Containers;
import io.berth.api.Discovery;
import io.berth.api.Events;
import io.berth.api.Images;
import io.berth.api.Kv;
import io.berth.api.Services;
import io.berth.api.VersionInfo;
import java.nio.file.Path;

/**
 * berth's API served by an agent, over HTTP: the same {@link Berth} the engine is in-process. Each
 * call takes a connection of its own, so one instance serves many threads; streams (pull progress,
 * logs, exec output) reach their callbacks line by line as the agent sends them. Every failure is
 * an {@link ApiException}: the agent's, with the kind and message it had there, or {@code
 * UNAVAILABLE} when the agent cannot be reached.
 *
 * <p>A callback that throws ends its call: the connection is closed, so the agent notices and
 * stops. {@link #close()} ends every call still in progress.
 */
public final class RemoteBerth implements Berth {
  private final ApiCalls calls;
  private final Images images;
  private final Containers containers;
  private final Services services;
  private final Kv kv;
  private final Discovery discovery;
  private final Events events;

  RemoteBerth(Transport transport, String bearerToken) {
    this.calls = new ApiCalls(transport, bearerToken == null ? null : "Bearer " + bearerToken);
    this.images = new RemoteImages(calls);
    this.containers = new RemoteContainers(calls);
    this.services = new RemoteServices(calls);
    this.kv = new RemoteKv(calls);
    this.discovery = new RemoteDiscovery(calls);
    this.events = new RemoteEvents(calls);
  }

  /** The agent on this host, at its Unix socket ({@code $BERTH_STATE/berth.sock}). */
  public static RemoteBerth connect(Path socket) {
    return new RemoteBerth(new UnixTransport(socket), null);
  }

  /**
   * The agent at {@code url} ({@code https://HOST:PORT}, or {@code http://} on loopback), each call
   * authenticated with {@code token} (an API token or a login's JWT; null for none), the agent's
   * certificate checked as {@code trust} says.
   */
  public static RemoteBerth connect(java.net.URI url, String token, Trust trust) {
    return new RemoteBerth(new TcpTransport(url, trust), token);
  }

  /**
   * The agent at {@code socket} when one listens there; empty when there is no socket or nothing
   * accepts a connection on it (a stale socket left by an agent that died). The connection made to
   * find out is the one the first call uses, so asking costs no round trip of its own.
   */
  public static java.util.Optional<Berth> connectIfListening(Path socket) {
    if (!java.nio.file.Files.exists(socket)) {
      return java.util.Optional.empty();
    }
    UnixTransport transport = new UnixTransport(socket);
    try {
      transport.probe();
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new RemoteBerth(transport, null));
  }

  /**
   * Does now, on this thread, the one-time work of a process's first call (the JDK's Unix-domain
   * socket setup and its SecureRandom, the streaming JSON parser), so that a CLI can have it done
   * while it parses its command line. Optional: calls work without it.
   */
  public static void prepare() {
    try {
      UnixTransport.prepare();
    } catch (java.io.IOException e) {
      // the first call will meet the same trouble and report it
    }
    FrameParser.prepare();
    RequestWriter.prepare();
  }

  @Override
  public Images images() {
    return images;
  }

  @Override
  public Containers containers() {
    return containers;
  }

  @Override
  public Services services() {
    return services;
  }

  @Override
  public Kv kv() {
    return kv;
  }

  @Override
  public Discovery discovery() {
    return discovery;
  }

  @Override
  public Events events() {
    return events;
  }

  @Override
  public String endpoint() {
    return calls.endpoint();
  }

  /** Whether the agent answers: returns when it does, throws {@code UNAVAILABLE} when not. */
  public void ping() {
    calls.text("GET", Target.of("/v1/_ping"));
  }

  public VersionInfo version() {
    return calls.call("GET", Target.of("/v1/version"), null, new TypeReference<>() {});
  }

  @Override
  public void close() {
    calls.close();
  }
}
