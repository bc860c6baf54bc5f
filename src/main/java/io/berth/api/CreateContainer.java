package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A request to create a container, as the CLI and API clients send it.
 *
 * @param image the image reference
 * @param name a unique name, or null
 * @param entrypoint replaces the image's entrypoint when not null
 * @param command replaces the image's command when not null
 * @param env variables: a string value is passed as it is; an object, list, number or boolean is
 *     passed serialised as JSON, as Frontloader does
 * @param mounts bind and tmpfs mounts
 * @param user uid[:gid] or a user name of the image
 * @param capAdd capabilities added to the default set
 * @param capDrop capabilities dropped from it
 * @param writable a writable root filesystem (read-only by default)
 * @param hostname the host name; the short id when null
 * @param workdir the working directory
 * @param init run tini as PID 1
 * @param memory memory limit in bytes, 0 for none
 * @param cpus CPU limit, 0 for none
 * @param pidsLimit most processes, 0 for none
 * @param network host or none (the default)
 * @param autoRemove remove the container once it exited
 * @param platform the platform to pull for, when the image is pulled
 * @param tlsVerify as for a pull
 * @param labels free-form labels
 */
public record CreateContainer(
    String image,
    String name,
    List<String> entrypoint,
    List<String> command,
    Map<String, JsonNode> env,
    List<Mount> mounts,
    String user,
    List<String> capAdd,
    List<String> capDrop,
    boolean writable,
    String hostname,
    String workdir,
    boolean init,
    long memory,
    double cpus,
    long pidsLimit,
    String network,
    boolean autoRemove,
    String platform,
    Boolean tlsVerify,
    Map<String, String> labels) {

  public CreateContainer {
    if (image == null || image.isBlank()) {
      throw ApiException.badRequest("a container needs an image");
    }
    env = env == null ? Map.of() : env;
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public static CreateContainer of(String image, List<String> command) {
    return new CreateContainer(
        image, null, null, command, null, null, null, null, null, false, null, null, false, 0, 0, 0,
        null, false, null, null, null);
  }

  /**
   * A mount.
   *
   * @param type {@code bind} or {@code tmpfs}
   */
  public record Mount(
      String type, String source, String target, boolean readOnly, String options) {}
}
