package io.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 * @param script BoatLoad's script: placed in the container and run as its entrypoint, with {@code
 *     command} as its arguments; or null
 * @param data BoatLoad's data archive: unpacked into a directory of the container before it starts;
 *     or null
 * @param tag BoatLoad's separate tag: {@code image} and {@code tag} make the reference {@code
 *     image:tag}; only for an image named without a tag or digest. Always null once constructed.
 * @param restart a permanent container's restart policy, as Docker's: {@code always}, {@code
 *     unless-stopped}, {@code on-failure} or {@code on-failure:N} (at most N restarts); {@code no}
 *     or null for none. The agent restarts it, same id and name, after 0.1 s doubling to a minute
 *     (back to 0.1 s after 10 s of running); a stop or a removal ends the restarts.
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
    Map<String, String> labels,
    Script script,
    DataArchive data,
    String tag,
    String restart) {

  /**
   * The restart policies there are, Docker's: {@code no}, {@code always} and {@code unless-stopped}
   * (group {@code always}), {@code on-failure} with at most {@code max} restarts (group {@code
   * onFailure}). The runtime reads a container's policy by it too.
   */
  public static final Pattern RESTART_POLICY =
      Pattern.compile(
          "no|(?<always>always|unless-stopped)|(?<onFailure>on-failure(?::(?<max>[1-9][0-9]{0,3}))?)");

  public CreateContainer {
    if (image == null || image.isBlank()) {
      throw ApiException.badRequest("a container needs an image");
    }
    if (restart != null && !RESTART_POLICY.matcher(restart).matches()) {
      throw ApiException.badRequest(
          "restart '%s' is not a policy: no, always, unless-stopped, on-failure or on-failure:N"
              .formatted(restart));
    }
    if (restart != null && !restart.equals("no") && autoRemove) {
      throw ApiException.badRequest(
          "a container that is restarted is not removed when it exits: give restart or autoRemove,"
              + " not both");
    }
    if (tag != null) {
      image = tagged(image, tag);
      tag = null; // folded into the reference: everything downstream reads 'image' alone
    }
    if (script != null && entrypoint != null) {
      throw ApiException.badRequest(
          "a container with a script runs the script: give its arguments as 'command', not an"
              + " 'entrypoint'");
    }
    env = env == null ? Map.of() : env;
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  private static String tagged(String image, String tag) {
    if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
      throw ApiException.badRequest(
          "tag '%s' is not a tag (letters, digits, '_', '.', '-'; at most 128)".formatted(tag));
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    if (last.contains(":") || image.contains("@")) {
      throw ApiException.badRequest(
          "image '%s' already names a tag or digest; give the tag there or as 'tag', not both"
              .formatted(image));
    }
    return image + ":" + tag;
  }

  public static CreateContainer of(String image, List<String> command) {
    return new CreateContainer(
        image, null, null, command, null, null, null, null, null, false, null, null, false, 0, 0, 0,
        null, false, false, null, null, null, null, null, null, null);
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
    private Script script;
    private DataArchive data;
    private String restart;

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

    public Builder script(Script value) {
      script = value;
      return this;
    }

    public Builder data(DataArchive value) {
      data = value;
      return this;
    }

    public Builder restart(String value) {
      restart = value;
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
          labels,
          script,
          data,
          null,
          restart);
    }
  }

  /**
   * A mount.
   *
   * @param type {@code bind} or {@code tmpfs}
   */
  public record Mount(
      String type, String source, String target, boolean readOnly, String options) {}

  /**
   * A script for the container to run, given inline or fetched from a URL when the container is
   * created; it is placed at {@code /.berth/NAME}, mode 0755, and must start with a {@code #!} line
   * the image can run.
   *
   * @param name its file name; {@code script} when null
   * @param content the script, base64-encoded; or null for {@code url}
   * @param url an {@code http} or {@code https} URL to fetch it from; or null for {@code content}
   */
  public record Script(String name, String content, String url) {
    public Script {
      name = name == null ? "script" : name;
      if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}")) {
        throw ApiException.badRequest(
            "script.name '%s' must be a plain file name (letters, digits, '.', '_', '-'; at most 100)"
                .formatted(name));
      }
      if ((content == null) == (url == null)) {
        throw ApiException.badRequest("a script needs exactly one of 'content' (base64) or 'url'");
      }
    }

    /** Where the script is placed in the container. */
    public String containerPath() {
      return "/.berth/" + name;
    }
  }

  /**
   * An archive unpacked into the container before it starts: tar, tar.gz or zip (told by its first
   * bytes), given inline or fetched from a URL.
   *
   * @param path the absolute directory of the container it is unpacked into
   * @param content the archive, base64-encoded; or null for {@code url}
   * @param url an {@code http} or {@code https} URL to fetch it from; or null for {@code content}
   */
  public record DataArchive(String path, String content, String url) {
    public DataArchive {
      if (path == null || !path.startsWith("/")) {
        throw ApiException.badRequest(
            "data.path must be an absolute directory of the container, not '%s'".formatted(path));
      }
      for (String part : path.split("/")) {
        if (part.equals("..") || part.equals(".") || part.startsWith(".wh.")) {
          throw ApiException.badRequest(
              "data.path '%s' may not hold '.', '..' or '.wh.' names".formatted(path));
        }
      }
      if ((content == null) == (url == null)) {
        throw ApiException.badRequest("data needs exactly one of 'content' (base64) or 'url'");
      }
    }
  }
}
