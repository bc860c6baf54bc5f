package io.berth.api;

/**
 * A {@link Berth} in memory, for the API's tests: images and containers that behave like the
 * engine's (names, prefixes, conflicts, streams) without registries or runc. The same fake serves
 * in-process and behind the HTTP server, so the contract test compares like with like.
 */
public final class FakeBerth implements Berth {
  private final FakeImages images = new FakeImages();
  private final FakeContainers containers = new FakeContainers(images);
  private final FakeServices services = new FakeServices();
  private final FakeDiscovery discovery = new FakeDiscovery();

  @Override
  public FakeImages images() {
    return images;
  }

  @Override
  public FakeContainers containers() {
    return containers;
  }

  @Override
  public FakeServices services() {
    return services;
  }

  @Override
  public FakeDiscovery discovery() {
    return discovery;
  }

  @Override
  public String endpoint() {
    return "fake";
  }

  @Override
  public void close() {}
}
