package io.berth.config;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * A config at an http or https URL. Remembers the ETag and Last-Modified of the last answer, so
 * that {@link #fetchIfChanged} costs the server a 304 when nothing changed.
 */
final class HttpSource implements ConfigSource {
  private final URI url;
  private final FetchLimits limits;
  private final String name;
  private final ChangeTracker changes = new ChangeTracker();
  private String etag;
  private String lastModified;

  HttpSource(URI url, FetchLimits limits) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException(
          "expected an http:// or https:// URL, not " + Locations.shown(url));
    }
    this.url = url;
    this.limits = limits;
    this.name = Locations.shown(url);
  }

  URI url() {
    return url;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FetchedConfig fetch() throws ConfigFetchException {
    return changes.returned(get(false).orElseThrow());
  }

  @Override
  public Optional<FetchedConfig> fetchIfChanged() throws ConfigFetchException {
    Optional<FetchedConfig> fetched = get(true);
    return fetched.isEmpty() ? fetched : changes.ifChanged(fetched.get());
  }

  private Optional<FetchedConfig> get(boolean conditional) throws ConfigFetchException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .GET()
            .timeout(limits.requestTimeout())
            .header("Accept", "application/yaml, application/json, text/plain;q=0.9, */*;q=0.5");
    synchronized (this) {
      if (conditional && etag != null) {
        request.header("If-None-Match", etag);
      }
      if (conditional && lastModified != null) {
        request.header("If-Modified-Since", lastModified);
      }
    }
    HttpFetch.Answer answer =
        HttpFetch.send(request.build(), limits, limits.requestTimeout(), name);
    if (conditional && answer.status() == 304) {
      return Optional.empty();
    }
    if (answer.status() != 200) {
      throw new ConfigFetchException(name, "GET answered HTTP " + answer.status());
    }
    synchronized (this) {
      etag = answer.headers().firstValue("ETag").orElse(null);
      lastModified = answer.headers().firstValue("Last-Modified").orElse(null);
    }
    return Optional.of(
        new FetchedConfig(answer.body(), name, format(answer.headers()), Optional.empty()));
  }

  private Optional<ConfigFormat> format(HttpHeaders headers) {
    String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return Optional.of(ConfigFormat.JSON);
    }
    if (type.contains("yaml") || type.contains("yml")) {
      return Optional.of(ConfigFormat.YAML);
    }
    return Optional.ofNullable(ConfigFormat.byName(url.getPath()));
  }
}
