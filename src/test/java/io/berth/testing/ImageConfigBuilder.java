package io.berth.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.spec.Digest;
import io.berth.spec.Json;
import io.berth.spec.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image configuration (OCI image spec, config.md): platform, the process defaults Docker calls
 * {@code config}, history, and {@code rootfs.diff_ids}, which are computed from the layers unless a
 * negative test overrides them.
 */
public final class ImageConfigBuilder {
  private Platform platform = new Platform("linux", "amd64", null);
  private String created = EntryAttributes.FIXED_MTIME.toString();
  private String user;
  private final List<String> env = new ArrayList<>();
  private List<String> entrypoint;
  private List<String> cmd;
  private String workingDir;
  private String stopSignal;
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Set<String> exposedPorts = new LinkedHashSet<>();
  private final Set<String> volumes = new LinkedHashSet<>();
  private final List<String> history = new ArrayList<>();
  private List<Digest> diffIdOverride;

  public static ImageConfigBuilder create() {
    return new ImageConfigBuilder();
  }

  public ImageConfigBuilder platform(Platform value) {
    this.platform = value;
    return this;
  }

  public ImageConfigBuilder created(String rfc3339) {
    this.created = rfc3339;
    return this;
  }

  public ImageConfigBuilder user(String value) {
    this.user = value;
    return this;
  }

  /** Adds {@code NAME=value} to Env. */
  public ImageConfigBuilder env(String name, String value) {
    env.add(name + "=" + value);
    return this;
  }

  public ImageConfigBuilder entrypoint(String... argv) {
    this.entrypoint = List.of(argv);
    return this;
  }

  public ImageConfigBuilder cmd(String... argv) {
    this.cmd = List.of(argv);
    return this;
  }

  public ImageConfigBuilder workingDir(String value) {
    this.workingDir = value;
    return this;
  }

  public ImageConfigBuilder stopSignal(String value) {
    this.stopSignal = value;
    return this;
  }

  public ImageConfigBuilder label(String name, String value) {
    labels.put(name, value);
    return this;
  }

  /** {@code 8080/tcp}, {@code 53/udp}. */
  public ImageConfigBuilder exposedPort(String portAndProtocol) {
    exposedPorts.add(portAndProtocol);
    return this;
  }

  public ImageConfigBuilder volume(String path) {
    volumes.add(path);
    return this;
  }

  /** A history entry's {@code created_by}, one per layer, bottom first. */
  public ImageConfigBuilder history(String createdBy) {
    history.add(createdBy);
    return this;
  }

  /** Writes these diff_ids instead of the layers' own: for tests of a config that lies. */
  public ImageConfigBuilder diffIdsOverride(List<Digest> diffIds) {
    this.diffIdOverride = List.copyOf(diffIds);
    return this;
  }

  public Platform platform() {
    return platform;
  }

  /** The config document for layers whose uncompressed digests are {@code diffIds}. */
  public byte[] toJson(List<Digest> diffIds) {
    ObjectNode root = Json.lenient().createObjectNode();
    root.put("created", created);
    root.put("architecture", platform.architecture());
    root.put("os", platform.os());
    if (platform.variant() != null) {
      root.put("variant", platform.variant());
    }
    ObjectNode config = root.putObject("config");
    putIfSet(config, "User", user);
    if (!env.isEmpty()) {
      strings(config.putArray("Env"), env);
    }
    if (entrypoint != null) {
      strings(config.putArray("Entrypoint"), entrypoint);
    }
    if (cmd != null) {
      strings(config.putArray("Cmd"), cmd);
    }
    putIfSet(config, "WorkingDir", workingDir);
    putIfSet(config, "StopSignal", stopSignal);
    if (!labels.isEmpty()) {
      ObjectNode labelNode = config.putObject("Labels");
      labels.forEach(labelNode::put);
    }
    if (!exposedPorts.isEmpty()) {
      // Docker's Go encoding of a set: each key maps to an empty object
      ObjectNode ports = config.putObject("ExposedPorts");
      exposedPorts.forEach(ports::putObject);
    }
    if (!volumes.isEmpty()) {
      ObjectNode volumeNode = config.putObject("Volumes");
      volumes.forEach(volumeNode::putObject);
    }
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    (diffIdOverride != null ? diffIdOverride : diffIds).forEach(id -> ids.add(id.toString()));
    ArrayNode historyNode = root.putArray("history");
    for (int i = 0; i < diffIds.size(); i++) {
      ObjectNode entry = historyNode.addObject();
      entry.put("created", created);
      entry.put("created_by", i < history.size() ? history.get(i) : "berth test layer " + (i + 1));
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
