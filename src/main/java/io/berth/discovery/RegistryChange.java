package io.berth.discovery;

/** What a registry watch sees. */
public sealed interface RegistryChange {
  String service();

  String id();

  /** An instance was registered, or its registration changed. */
  record Registered(Registration registration) implements RegistryChange {
    @Override
    public String service() {
      return registration.name();
    }

    @Override
    public String id() {
      return registration.id();
    }
  }

  /** An instance was deregistered, or its lease expired. */
  record Deregistered(String service, String id) implements RegistryChange {}
}
