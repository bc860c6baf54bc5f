package io.berth.spec;

import java.time.Duration;

/**
 * A file the agent renders into a service's container from a template on the host, again whenever
 * something it read changes (a key of the configuration store), as consul-template and Nomad's
 * template blocks do.
 *
 * @param file the template, an absolute path on the host
 * @param destination where the result goes in the container, an absolute path
 * @param change what the service does when the result changes
 * @param signal for {@link Change#SIGNAL}: the signal its main process gets
 * @param script for {@link Change#SCRIPT}: the command run in the container
 * @param settle how long changes are gathered before one re-render (a burst renders once)
 * @param fileMode the result's mode, octal
 */
public record TemplateSpec(
    String file,
    String destination,
    Change change,
    String signal,
    ProcessSpec script,
    Duration settle,
    String fileMode) {
  /** What a changed result does to the service (Nomad's change modes). */
  public enum Change {
    RESTART,
    SIGNAL,
    SCRIPT,
    NOOP
  }

  public TemplateSpec {
    if (file == null || !file.startsWith("/") || PathNames.hasDotDot(file)) {
      throw new IllegalArgumentException(
          "a template's file must be an absolute host path without '..', not '%s'".formatted(file));
    }
    if (destination == null || !destination.startsWith("/") || PathNames.hasDotDot(destination)) {
      throw new IllegalArgumentException(
          "a template's destination must be an absolute path in the container without '..', not '%s'"
              .formatted(destination));
    }
    change = change == null ? Change.RESTART : change;
    if (change == Change.SIGNAL && signal == null) {
      signal = "HUP";
    }
    if (change != Change.SIGNAL && signal != null) {
      throw new IllegalArgumentException(
          "template %s: a signal is for change: signal".formatted(destination));
    }
    if ((change == Change.SCRIPT) != (script != null)) {
      throw new IllegalArgumentException(
          "template %s: change: script needs a script, and only it has one".formatted(destination));
    }
    settle = settle == null ? Duration.ofSeconds(1) : settle;
    if (settle.isNegative()) {
      throw new IllegalArgumentException(
          "template %s: wait cannot be negative".formatted(destination));
    }
    fileMode = fileMode == null ? "0644" : fileMode;
    PermSpec.modeBits(fileMode);
  }
}
