package io.berth.api;

import java.time.Instant;

/**
 * One version change of a service.
 *
 * @param kind upgrade, rollback, restart, replace
 * @param outcome done, rolled-back; null while it runs
 */
public record ServiceHistory(
    String service,
    String kind,
    String from,
    String to,
    Instant started,
    Instant finished,
    String outcome,
    String reason) {}
