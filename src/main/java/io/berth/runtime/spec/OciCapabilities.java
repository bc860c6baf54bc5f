package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The five capability sets of a process, each a list of names such as {@code CAP_CHOWN}.
 *
 * @param bounding the most the process and its children can ever gain
 * @param effective what the kernel checks now
 * @param inheritable what survives an execve into a program with file capabilities
 * @param permitted what the process may make effective
 * @param ambient what survives an execve into any program
 */
public record OciCapabilities(
    @JsonProperty("bounding") List<String> bounding,
    @JsonProperty("effective") List<String> effective,
    @JsonProperty("inheritable") List<String> inheritable,
    @JsonProperty("permitted") List<String> permitted,
    @JsonProperty("ambient") List<String> ambient) {
  public OciCapabilities {
    bounding = bounding == null ? List.of() : List.copyOf(bounding);
    effective = effective == null ? List.of() : List.copyOf(effective);
    inheritable = inheritable == null ? List.of() : List.copyOf(inheritable);
    permitted = permitted == null ? List.of() : List.copyOf(permitted);
    ambient = ambient == null ? List.of() : List.copyOf(ambient);
  }
}
