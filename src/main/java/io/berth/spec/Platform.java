package io.berth.spec;

import java.util.Locale;

/**
 * An OCI platform: {@code os/architecture[/variant]}, normalised as containerd does ({@code x86_64}
 * is {@code amd64}, {@code aarch64} is {@code arm64}).
 */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
      throw new IllegalArgumentException("a platform needs an os and an architecture");
    }
    os = os.toLowerCase(Locale.ROOT);
    architecture = normaliseArchitecture(architecture.toLowerCase(Locale.ROOT));
    variant = variant == null || variant.isBlank() ? null : variant.toLowerCase(Locale.ROOT);
    if (architecture.equals("arm64") && "v8".equals(variant)) {
      variant = null; // arm64 means arm64/v8; comparing without it keeps the two equal
    }
  }

  /** Parses {@code linux/arm64}, {@code linux/arm/v7} or {@code linux/amd64}. */
  public static Platform parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException(
          "invalid platform '%s': expected os/architecture[/variant], such as linux/amd64"
              .formatted(text));
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /** The platform of the machine berth runs on. */
  public static Platform host() {
    return new Platform("linux", System.getProperty("os.arch"), null);
  }

  private static String normaliseArchitecture(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "i386", "i686", "x86", "386" -> "386";
      default -> arch;
    };
  }

  /** True when an image built for {@code candidate} runs here as this platform. */
  public boolean matches(Platform candidate) {
    return os.equals(candidate.os)
        && architecture.equals(candidate.architecture)
        && (variant == null || variant.equals(candidate.variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
