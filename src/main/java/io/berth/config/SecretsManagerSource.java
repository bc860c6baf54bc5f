package io.berth.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A config kept whole as an AWS Secrets Manager secret ({@code GetSecretValue}; the string, or the
 * binary when there is no string). Credentials come from {@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} in the environment berth was given, then
 * from the SDK's default chain (system properties, profiles, web identity, containers, the EC2
 * instance profile). This class is the only one that touches the AWS SDK, so the SDK is loaded only
 * when a meta config names aws-sm.
 */
final class SecretsManagerSource implements ConfigSource {
  private final String secretId;
  private final String region;
  private final Optional<URI> endpoint;
  private final Map<String, String> env;
  private final FetchLimits limits;
  private final String name;
  private final ChangeTracker changes = new ChangeTracker();
  private AwsCredentialsProvider credentials;
  private SecretsManagerClient client;
  private boolean closed;

  private SecretsManagerSource(
      String secretId,
      String region,
      Optional<URI> endpoint,
      Map<String, String> env,
      FetchLimits limits) {
    this.secretId = secretId;
    this.region = region;
    this.endpoint = endpoint;
    this.env = Map.copyOf(env);
    this.limits = limits;
    this.name = "aws-sm:" + secretId;
  }

  static ConfigSource of(
      String secretId,
      String region,
      Optional<URI> endpoint,
      Map<String, String> env,
      FetchLimits limits) {
    return new SecretsManagerSource(secretId, region, endpoint, env, limits);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FetchedConfig fetch() throws ConfigFetchException {
    return changes.returned(get());
  }

  @Override
  public Optional<FetchedConfig> fetchIfChanged() throws ConfigFetchException {
    return changes.ifChanged(get());
  }

  private FetchedConfig get() throws ConfigFetchException {
    GetSecretValueResponse answer;
    try {
      answer = client().getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build());
    } catch (ResourceNotFoundException e) {
      throw new ConfigFetchException(
          name,
          "Secrets Manager in %s has no secret \"%s\" (%s)"
              .formatted(region, secretId, serviceMessage(e)),
          e);
    } catch (SecretsManagerException e) {
      throw new ConfigFetchException(
          name,
          "Secrets Manager in %s refused GetSecretValue for \"%s\": HTTP %d, %s"
              .formatted(region, secretId, e.statusCode(), serviceMessage(e)),
          e);
    } catch (SdkClientException e) {
      throw new ConfigFetchException(
          name,
          "cannot ask Secrets Manager in %s for \"%s\": %s"
              .formatted(region, secretId, e.getMessage()),
          e);
    } catch (SdkException e) {
      throw new ConfigFetchException(
          name, "GetSecretValue for \"%s\" failed: %s".formatted(secretId, e.getMessage()), e);
    }
    byte[] content;
    if (answer.secretString() != null) {
      content = answer.secretString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } else if (answer.secretBinary() != null) {
      content = answer.secretBinary().asByteArray();
    } else {
      throw new ConfigFetchException(name, "the secret has neither a string nor a binary value");
    }
    if (content.length > limits.maxBytes()) {
      throw new ConfigFetchException(
          name, "larger than the %d bytes a config may have".formatted(limits.maxBytes()));
    }
    return new FetchedConfig(content, name, Optional.empty(), Optional.empty());
  }

  private static String serviceMessage(SecretsManagerException e) {
    var details = e.awsErrorDetails();
    if (details == null) {
      return e.getClass().getSimpleName();
    }
    String code = details.errorCode() == null ? e.getClass().getSimpleName() : details.errorCode();
    return details.errorMessage() == null ? code : code + ": " + details.errorMessage();
  }

  private synchronized SecretsManagerClient client() throws ConfigFetchException {
    if (closed) {
      throw new ConfigFetchException(name, "the source is closed");
    }
    if (client == null) {
      credentials = credentials(env);
      var builder =
          SecretsManagerClient.builder()
              .region(Region.of(region))
              .credentialsProvider(credentials)
              .httpClientBuilder(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(limits.connectTimeout())
                      .socketTimeout(limits.requestTimeout()))
              .overrideConfiguration(
                  ClientOverrideConfiguration.builder()
                      .apiCallTimeout(limits.requestTimeout())
                      .build());
      endpoint.ifPresent(builder::endpointOverride);
      client = builder.build();
    }
    return client;
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String key = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    String session = env.get("AWS_SESSION_TOKEN");
    DefaultCredentialsProvider fallback = DefaultCredentialsProvider.builder().build();
    if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
      return fallback;
    }
    AwsCredentials given =
        session == null || session.isBlank()
            ? AwsBasicCredentials.create(key, secret)
            : AwsSessionCredentials.create(key, secret, session);
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(StaticCredentialsProvider.create(given), fallback)
        .build();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
      client = null;
    }
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }
}
