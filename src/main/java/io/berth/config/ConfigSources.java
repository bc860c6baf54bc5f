package io.berth.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the primary config's source as Frontloader does, with berth's names, first match wins:
 *
 * <ol>
 *   <li>{@code -c FILE|URL} on the command line, then {@code BERTH_URL}: the primary config itself;
 *   <li>{@code BERTH_META_CONFIG}, a path or URL: a meta config that says where the primary config
 *       is;
 *   <li>{@code BERTH_ENV=ec2}: the meta config is the EC2 user-data, from {@code
 *       BERTH_EC2_METADATA_URL} (default {@code http://169.254.169.254/latest}).
 * </ol>
 *
 * A meta config is read once, here: it is not reloaded while the agent runs; the primary config is.
 */
public final class ConfigSources {
  public static final String URL = "BERTH_URL";
  public static final String META_CONFIG = "BERTH_META_CONFIG";
  public static final String ENV = "BERTH_ENV";
  public static final String EC2_METADATA_URL = "BERTH_EC2_METADATA_URL";
  public static final String DEFAULT_EC2_METADATA_URL = "http://169.254.169.254/latest";

  private ConfigSources() {}

  /**
   * The source named by the flag or the environment, or empty when neither names one.
   *
   * @param env the environment, {@code System.getenv()} in the agent; AWS credentials and region
   *     for aws-sm are taken from it before the SDK's default chain
   * @param configFlag the value of {@code -c}, or empty
   * @throws ConfigFetchException when the meta config or the user-data cannot be fetched
   * @throws ConfigException when a location or the meta config is not valid
   */
  public static Optional<ResolvedSource> resolve(
      Map<String, String> env, Optional<String> configFlag, FetchLimits limits)
      throws ConfigFetchException {
    if (configFlag.isPresent()) {
      return Optional.of(direct("-c", configFlag.get(), limits));
    }
    String url = env.get(URL);
    if (url != null && !url.isBlank()) {
      return Optional.of(direct(URL, url, limits));
    }
    String meta = env.get(META_CONFIG);
    if (meta != null && !meta.isBlank()) {
      ConfigSource metaSource = located(META_CONFIG, meta, limits);
      FetchedConfig fetched = metaSource.fetch();
      return Optional.of(
          fromMeta(META_CONFIG, fetched, Optional.of(baseOf(metaSource)), env, limits));
    }
    String kind = env.get(ENV);
    if (kind == null || kind.isBlank()) {
      return Optional.empty();
    }
    if (!kind.strip().equals("ec2")) {
      throw new ConfigException(
          ENV, 0, 0, "", "expected ec2 or nothing, got \"%s\"".formatted(kind.strip()));
    }
    String metadata = env.getOrDefault(EC2_METADATA_URL, DEFAULT_EC2_METADATA_URL);
    URI metadataUrl;
    try {
      metadataUrl = new URI(metadata.strip());
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(EC2_METADATA_URL, 0, 0, "", "not a URL: " + e.getReason());
    }
    var userData = new InstanceMetadata(metadataUrl, limits).userData();
    return Optional.of(
        fromMeta(
            "EC2 user-data via " + (userData.imdsV2() ? "IMDSv2" : "IMDSv1"),
            userData.config(),
            Optional.empty(),
            env,
            limits));
  }

  private static ResolvedSource direct(String origin, String location, FetchLimits limits) {
    return new ResolvedSource(located(origin, location, limits), origin, List.of());
  }

  private static ConfigSource located(String origin, String location, FetchLimits limits) {
    try {
      return Locations.source(location, Optional.empty(), limits);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origin, 0, 0, "", e.getMessage(), e);
    }
  }

  /** The meta config's own place, which a relative url in it is resolved against. */
  private static URI baseOf(ConfigSource source) {
    return switch (source) {
      case HttpSource http -> http.url();
      case FileSource file -> file.path().toAbsolutePath().normalize().toUri();
      default -> throw new IllegalStateException("a meta config is a file or a URL");
    };
  }

  private static ResolvedSource fromMeta(
      String origin,
      FetchedConfig fetched,
      Optional<URI> base,
      Map<String, String> env,
      FetchLimits limits) {
    Document doc = new Document(fetched.name(), fetched.directory());
    Optional<String> region =
        Optional.ofNullable(env.get("AWS_REGION"))
            .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")));
    MetaConfig meta = MetaConfig.parse(fetched, doc, region);
    List<ConfigWarning> warnings = new ArrayList<>(doc.warnings());
    return switch (meta) {
      case MetaConfig.Plain plain -> {
        if (base.isEmpty() && !isAbsolute(plain.url())) {
          throw plain
              .field()
              .fail(
                  "expected an absolute path or a URL: the meta config has no place of its own to"
                      + " resolve a relative one against, got "
                      + plain.field().describe());
        }
        ConfigSource source;
        try {
          source = Locations.source(plain.url(), base, limits);
        } catch (IllegalArgumentException e) {
          throw plain.field().fail(e.getMessage(), e);
        }
        yield new ResolvedSource(source, origin + " (plain)", warnings);
      }
      case MetaConfig.SecretsManager sm ->
          new ResolvedSource(
              SecretsManagerSource.of(sm.secretId(), sm.region(), sm.endpoint(), env, limits),
              origin + " (aws-sm)",
              warnings);
    };
  }

  private static boolean isAbsolute(String location) {
    String text = location.strip();
    return text.startsWith("/") || text.matches("(?i)(https?|file):.*");
  }
}
