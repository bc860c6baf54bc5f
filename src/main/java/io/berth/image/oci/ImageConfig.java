package io.berth.image.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.spec.Digest;
import io.berth.spec.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image configuration berth uses to run it. The raw document is what berth stores;
 * this is a reading of it.
 */
public record ImageConfig(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("variant") String variant,
    @JsonProperty("created") String created,
    @JsonProperty("config") RunConfig config,
    @JsonProperty("rootfs") RootFs rootfs) {

  public ImageConfig {
    config = config == null ? RunConfig.EMPTY : config;
    if (rootfs == null) {
      throw new IllegalArgumentException("image config without rootfs");
    }
  }

  /** The process defaults of the image, Docker's {@code config} object. */
  public record RunConfig(
      @JsonProperty("User") String user,
      @JsonProperty("Env") List<String> env,
      @JsonProperty("Entrypoint") List<String> entrypoint,
      @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("WorkingDir") String workingDir,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("StopSignal") String stopSignal,
      @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
      @JsonProperty("Volumes") Map<String, Object> volumes) {
    static final RunConfig EMPTY =
        new RunConfig(null, null, null, null, null, null, null, null, null);

    public RunConfig {
      env = env == null ? List.of() : List.copyOf(env);
      entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
      cmd = cmd == null ? List.of() : List.copyOf(cmd);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      exposedPorts = exposedPorts == null ? Map.of() : Map.copyOf(exposedPorts);
      volumes = volumes == null ? Map.of() : Map.copyOf(volumes);
    }
  }

  /** The uncompressed digests of the layers, bottom first. */
  public record RootFs(
      @JsonProperty("type") String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    public RootFs {
      if (!"layers".equals(type)) {
        throw new IllegalArgumentException("rootfs type must be 'layers', not '" + type + "'");
      }
      diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }
  }

  public static ImageConfig parse(byte[] raw) {
    try {
      return Json.lenient().readValue(raw, ImageConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid image config: " + e.getMessage(), e);
    }
  }
}
