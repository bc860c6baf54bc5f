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

  /** Where this API is served from, for messages: "local", or the agent's address. */
  String endpoint();

  @Override
  void close();
}
