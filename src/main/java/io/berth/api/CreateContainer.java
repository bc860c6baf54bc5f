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
 * @param start start it too, in the same step (one {@code runc run --detach}); the answer then
 *     shows it running, or already exited
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
    boolean start,
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
        null, false, false, null, null, null);
  }

  public static Builder builder(String image) {
    return new Builder(image);
  }

  /** Builds a request field by field; unset fields are their defaults. */
  public static final class Builder {
    private final String image;
    private String name;
    private List<String> entrypoint;
    private List<String> command;
    private Map<String, JsonNode> env;
    private List<Mount> mounts;
    private String user;
    private List<String> capAdd;
    private List<String> capDrop;
    private boolean writable;
    private String hostname;
    private String workdir;
    private boolean init;
    private long memory;
    private double cpus;
    private long pidsLimit;
    private String network;
    private boolean autoRemove;
    private boolean start;
    private String platform;
    private Boolean tlsVerify;
    private Map<String, String> labels;

    private Builder(String image) {
      this.image = image;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder entrypoint(List<String> value) {
      entrypoint = value;
      return this;
    }

    public Builder command(List<String> value) {
      command = value;
      return this;
    }

    public Builder env(Map<String, JsonNode> value) {
      env = value;
      return this;
    }

    public Builder mounts(List<Mount> value) {
      mounts = value;
      return this;
    }

    public Builder user(String value) {
      user = value;
      return this;
    }

    public Builder capAdd(List<String> value) {
      capAdd = value;
      return this;
    }

    public Builder capDrop(List<String> value) {
      capDrop = value;
      return this;
    }

    public Builder writable(boolean value) {
      writable = value;
      return this;
    }

    public Builder hostname(String value) {
      hostname = value;
      return this;
    }

    public Builder workdir(String value) {
      workdir = value;
      return this;
    }

    public Builder init(boolean value) {
      init = value;
      return this;
    }

    public Builder memory(long bytes) {
      memory = bytes;
      return this;
    }

    public Builder cpus(double value) {
      cpus = value;
      return this;
    }

    public Builder pidsLimit(long value) {
      pidsLimit = value;
      return this;
    }

    public Builder network(String value) {
      network = value;
      return this;
    }

    public Builder autoRemove(boolean value) {
      autoRemove = value;
      return this;
    }

    public Builder start(boolean value) {
      start = value;
      return this;
    }

    public Builder platform(String value) {
      platform = value;
      return this;
    }

    public Builder tlsVerify(Boolean value) {
      tlsVerify = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    public CreateContainer build() {
      return new CreateContainer(
          image,
          name,
          entrypoint,
          command,
          env,
          mounts,
          user,
          capAdd,
          capDrop,
          writable,
          hostname,
          workdir,
          init,
          memory,
          cpus,
          pidsLimit,
          network,
          autoRemove,
          start,
          platform,
          tlsVerify,
          labels);
    }
  }

  /**
   * A mount.
   *
   * @param type {@code bind} or {@code tmpfs}
   */
  public record Mount(
      String type, String source, String target, boolean readOnly, String options) {}
}
