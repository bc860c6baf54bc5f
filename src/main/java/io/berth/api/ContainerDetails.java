package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A container in full: what {@code berth inspect} shows.
 *
 * @param summary state, times, exit code
 * @param args the process's command line, after the image's entrypoint and command were applied
 * @param env the process's environment, names and values (values of secret names are hidden)
 * @param bundle the OCI bundle directory
 * @param rootfs where the root filesystem is mounted
 * @param logPath the container's log file
 * @param runtime the OCI runtime's own view ({@code runc state}), when it has one; given by inspect
 *     only (the answers of create, start and stop say what they left it in without asking runc)
 */
public record ContainerDetails(
    ContainerSummary summary,
    List<String> args,
    List<String> env,
    String user,
    String workdir,
    String hostname,
    boolean writable,
    String network,
    List<CreateContainer.Mount> mounts,
    Map<String, String> labels,
    boolean autoRemove,
    String bundle,
    String rootfs,
    String logPath,
    JsonNode runtime) {

  public String id() {
    return summary.id();
  }
}
