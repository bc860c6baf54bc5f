package io.berth.runtime.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The process's environment, merged as Docker merges it. */
final class Environment {
  /** Docker's PATH for a container whose image sets none. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private Environment() {}

  /**
   * PATH and HOSTNAME first, then the image's Env, then the user's; a later value of a name
   * replaces an earlier one in its place. HOME is added last when neither sets it (runc would
   * otherwise take it from the image's /etc/passwd itself).
   *
   * @throws InvalidContainerException naming the image when its Env has an entry that is not {@code
   *     NAME=value}
   */
  static List<String> of(
      List<String> imageEnv,
      Map<String, String> userEnv,
      String hostname,
      String home,
      String imageName) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", DEFAULT_PATH);
    env.put("HOSTNAME", hostname);
    for (String entry : imageEnv) {
      int eq = entry == null ? -1 : entry.indexOf('=');
      if (eq <= 0 || entry.indexOf('\0') >= 0) {
        throw new InvalidContainerException(
            "invalid environment entry '%s' in the Env of image %s: expected NAME=value"
                .formatted(entry, imageName));
      }
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    for (Map.Entry<String, String> e : userEnv.entrySet()) {
      String name = e.getKey();
      if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
        throw new InvalidContainerException(
            "invalid environment variable name '%s'".formatted(name));
      }
      String value = e.getValue() == null ? "" : e.getValue();
      if (value.indexOf('\0') >= 0) {
        throw new InvalidContainerException(
            "the environment variable %s contains a NUL byte".formatted(name));
      }
      env.put(name, value);
    }
    env.putIfAbsent("HOME", home);
    List<String> result = new ArrayList<>(env.size());
    env.forEach((name, value) -> result.add(name + "=" + value));
    return List.copyOf(result);
  }
}
