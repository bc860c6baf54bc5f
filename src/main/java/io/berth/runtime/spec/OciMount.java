package io.berth.runtime.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One mount, made by runc inside the container's mount namespace.
 *
 * @param destination the absolute path inside the container
 * @param type the file system type ({@code proc}, {@code tmpfs}, {@code bind}...)
 * @param source the host path of a bind mount, or a name for the others
 * @param options mount(8) options; runc reads {@code bind}/{@code rbind}, propagation and flags
 *     from here and passes the rest as data
 */
public record OciMount(
    @JsonProperty("destination") String destination,
    @JsonProperty("type") String type,
    @JsonProperty("source") String source,
    @JsonProperty("options") List<String> options) {
  public OciMount {
    if (destination == null || !destination.startsWith("/")) {
      throw new IllegalArgumentException(
          "a mount destination must be absolute, not '" + destination + "'");
    }
    options = options == null ? List.of() : List.copyOf(options);
  }
}
