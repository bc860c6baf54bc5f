package io.berth.api;

import java.util.List;

/** The services resource, {@code /v1/services}, and the agent's configuration. */
public interface Services {

  List<ServiceInfo> list();

  ServiceInfo inspect(String name);

  /** {@code start}, {@code stop}, {@code restart} or {@code rollback}; returns once done. */
  ServiceInfo act(String name, String action);

  /**
   * Puts a service in maintenance or takes it out: it keeps running, but reports itself out of
   * service.
   */
  ServiceInfo maintenance(String name, boolean on);

  /**
   * Maintenance for every service: {@code on}, off, or toggled when null (the agent's SIGUSR1).
   * Returns the services in maintenance afterwards.
   */
  List<String> maintenanceAll(Boolean on);

  /** Sends {@code signal} to a task of a service: its main process when {@code task} is null. */
  void signal(String name, String task, String signal);

  /** Starts or stops ({@code action}) a sidecar of a running service. */
  ServiceInfo task(String name, String task, String action);

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
