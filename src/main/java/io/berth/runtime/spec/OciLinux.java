package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What is Linux-specific: namespaces, cgroup, seccomp, and paths hidden or made read-only.
 *
 * @param namespaces the namespaces the container gets
 * @param uidMappings user-namespace uid mappings, or null without a user namespace
 * @param gidMappings user-namespace gid mappings, or null without a user namespace
 * @param resources the cgroup limits
 * @param cgroupsPath the container's cgroup, relative to each hierarchy's root
 * @param seccomp the system call filter, or null for none
 * @param maskedPaths paths covered so the container cannot read them
 * @param readonlyPaths paths bind-mounted read-only over themselves
 * @param rootfsPropagation the root mount's propagation, or null for runc's default (rslave)
 */
public record OciLinux(
    @JsonProperty("namespaces") List<OciNamespace> namespaces,
    @JsonProperty("uidMappings") List<OciIdMapping> uidMappings,
    @JsonProperty("gidMappings") List<OciIdMapping> gidMappings,
    @JsonProperty("resources") OciResources resources,
    @JsonProperty("cgroupsPath") String cgroupsPath,
    @JsonProperty("seccomp") OciSeccomp seccomp,
    @JsonProperty("maskedPaths") List<String> maskedPaths,
    @JsonProperty("readonlyPaths") List<String> readonlyPaths,
    @JsonProperty("rootfsPropagation") String rootfsPropagation) {
  public OciLinux {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    uidMappings = uidMappings == null ? null : List.copyOf(uidMappings);
    gidMappings = gidMappings == null ? null : List.copyOf(gidMappings);
    maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
    readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
  }
}
