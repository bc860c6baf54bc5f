package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.berth.spec.Json;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI runtime configuration, the {@code config.json} of a bundle, as runtime-spec 1.0.2 defines
 * it and runc 1.1 reads it. Only the fields berth sets are modelled; null fields are left out of
 * the JSON.
 *
 * @param ociVersion the version of the runtime spec the document follows
 * @param process the container's first process
 * @param root the root filesystem
 * @param hostname the host name in the container's UTS namespace
 * @param mounts mounted in order, after the root
 * @param linux namespaces, cgroup, seccomp and masked paths
 * @param annotations berth's own facts about the container, sorted by key
 */
public record OciSpec(
    @JsonProperty("ociVersion") String ociVersion,
    @JsonProperty("process") OciProcess process,
    @JsonProperty("root") OciRoot root,
    @JsonProperty("hostname") String hostname,
    @JsonProperty("mounts") List<OciMount> mounts,
    @JsonProperty("linux") OciLinux linux,
    @JsonProperty("annotations") Map<String, String> annotations) {
  /** The runtime-spec version berth writes. */
  public static final String VERSION = "1.0.2";

  private static final ObjectWriter WRITER = Json.lenient().writerWithDefaultPrettyPrinter();

  public OciSpec {
    if (ociVersion == null || process == null || root == null) {
      throw new IllegalArgumentException("an OCI spec needs ociVersion, process and root");
    }
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    annotations =
        annotations == null ? null : Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  /** The document runc reads, pretty-printed, in UTF-8. */
  public byte[] toJson() {
    try {
      return WRITER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an OCI spec: " + e.getMessage(), e);
    }
  }

  /** Reads a {@code config.json} berth wrote (fields it does not model are ignored). */
  public static OciSpec parse(byte[] json) {
    try {
      return Json.lenient().readValue(json, OciSpec.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid OCI runtime spec: " + e.getMessage(), e);
    }
  }
}
