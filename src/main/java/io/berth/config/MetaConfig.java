package io.berth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Frontloader's meta configuration, which only says where the primary config is: {@code {"type":
 * "plain", "url": ...}} (plain is the default type; the url may be a path) or {@code {"type":
 * "aws-sm", "secretId": ..., "region": ..., "machineRole": ...}}, plus berth's {@code endpoint} for
 * a Secrets Manager endpoint of one's own. JSON with comments and trailing commas, or YAML.
 */
sealed interface MetaConfig {
  Set<String> PLAIN = Set.of("type", "url");
  Set<String> AWS_SM = Set.of("type", "secretId", "region", "machineRole", "endpoint");

  /**
   * @param url a URL or a path, as written
   * @param field where it is written, for complaints about it
   */
  record Plain(String url, Field field) implements MetaConfig {}

  /**
   * @param endpoint the Secrets Manager endpoint, or empty for the region's own
   */
  record SecretsManager(String secretId, String region, Optional<URI> endpoint)
      implements MetaConfig {}

  /**
   * Reads a meta config; {@code region} is the region the environment names ({@code AWS_REGION}),
   * used when the meta config names none.
   *
   * @throws ConfigException naming the place and field of what is wrong
   */
  static MetaConfig parse(FetchedConfig fetched, Document doc, Optional<String> region) {
    String text = ConfigParser.decode(fetched);
    ConfigFormat format =
        fetched.format().orElseGet(() -> ConfigFormat.detect(fetched.name(), text));
    Field root = Field.root(doc, TreeReader.read(fetched.name(), text, format).orElse(null));
    if (!root.isMap()) {
      throw root.fail(
          "expected a meta config, {\"type\": \"plain\", \"url\": ...} or {\"type\": \"aws-sm\","
              + " \"secretId\": ..., \"region\": ...}, got "
              + root.describe());
    }
    Field typeField = root.child("type");
    String type = typeField.string().orElse("plain");
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "plain" -> {
        root.only(PLAIN);
        Field url = root.child("url");
        yield new Plain(url.requiredString("the primary config's URL or path"), url);
      }
      case "aws-sm" -> {
        root.only(AWS_SM);
        String secretId = root.child("secretId").requiredString("the name or ARN of the secret");
        Field regionField = root.child("region");
        String chosen =
            regionField
                .string()
                .or(() -> region)
                .orElseThrow(
                    () ->
                        regionField.missing(
                            "an AWS region such as eu-west-1 (or AWS_REGION in the environment)"));
        Field role = root.child("machineRole");
        if (role.string().isPresent()) {
          role.warn(
              "not used: berth takes credentials from the AWS default chain, which on EC2 uses"
                  + " the role of the instance profile (an instance has one); that role needs"
                  + " secretsmanager:GetSecretValue on the secret");
        }
        yield new SecretsManager(secretId, chosen, endpoint(root.child("endpoint")));
      }
      default -> throw typeField.fail("expected plain or aws-sm, got " + typeField.describe());
    };
  }

  private static Optional<URI> endpoint(Field field) {
    Optional<String> text = field.string();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.get().strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw field.fail("expected an http:// or https:// URL, got " + field.describe());
  }
}
