package io.berth.api.server;

/**
 * {@code GET /metrics}, where Prometheus looks: not under {@code /v1}, since it is Prometheus's
 * format rather than berth's API. A READ principal may scrape.
 */
final class MetricsRoutes implements Resource {
  private final MetricsSource metrics;

  MetricsRoutes(MetricsSource metrics) {
    this.metrics = metrics;
  }

  @Override
  public void addTo(Routes routes) {
    routes.add(
        "GET /metrics",
        ex -> {
          MetricsSource.Scrape scrape = metrics.scrape(ex.header("Accept"));
          ex.body(scrape.contentType(), scrape.body());
        });
  }
}
