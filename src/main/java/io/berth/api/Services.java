package io.berth.api;

import java.util.List;

/** The services resource, {@code /v1/services}, and the agent's configuration. */
public interface Services {

  List<ServiceInfo> list();

  ServiceInfo inspect(String name);

  /** {@code start}, {@code stop}, {@code restart} or {@code rollback}; returns once done. */
  ServiceInfo act(String name, String action);

  /** Version changes of a service, newest first. */
  List<ServiceHistory> history(String name, int limit);

  /** Reads the configuration again and applies what changed; a bad one leaves the last good. */
  ConfigStatus reload();

  /** Where the configuration comes from, when it was loaded, and the last error. */
  ConfigStatus config();

  /**
   * A registry says a repository got a push (its notification webhook): services following that
   * repository check their tag at once. Returns the services asked.
   */
  List<String> pushed(RegistryPush push);
}
