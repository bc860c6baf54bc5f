package io.berth.api;

/**
 * berth's API as Java. The engine inside an agent implements it; so does the HTTP client that talks
 * to an agent, so the CLI and remote programs see one API whether berth runs in-process or
 * elsewhere.
 */
public interface Berth extends AutoCloseable {

  Images images();

  Containers containers();

  Services services();

  /** The configuration store; an engine that serves none says so. */
  default Kv kv() {
    throw new ApiException(
        ApiException.Kind.UNAVAILABLE,
        "the configuration store is served by the berth agent; start it with 'berth agent'");
  }

  /** What is registered in service discovery; only an agent keeps it. */
  default Discovery discovery() {
    return Discovery.unavailable();
  }

  /** Everything the agent does, as it happens; an engine without an agent has no stream. */
  default Events events() {
    throw new ApiException(
        ApiException.Kind.UNAVAILABLE,
        "events are streamed by the berth agent; start it with 'berth agent'");
  }

  /** Where this API is served from, for messages: "local", or the agent's address. */
  String endpoint();

  @Override
  void close();
}
