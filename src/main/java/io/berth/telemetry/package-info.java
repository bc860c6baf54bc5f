/**
 * The agent's metrics, in Prometheus's formats: counters fed by the event bus, figures read when
 * scraped (containers and their cgroups, services, the JVM and the process), and sensors other code
 * registers; served on the API's {@code /metrics} and on an optional TCP listener. The Prometheus
 * client stays inside this package.
 *
 * <p>May depend on: {@code events}, {@code runtime}, {@code spec}.
 */
package io.berth.telemetry;
