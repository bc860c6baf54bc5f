package io.berth.supervise;

import io.berth.spec.Digest;
import java.time.Instant;

/**
 * One version change of a service: an upgrade, a rollback, a replacement after its declaration
 * changed, and how it ended.
 *
 * @param kind upgrade, rollback, replace
 * @param outcome done, rolled-back, failed
 * @param reason why it failed or was rolled back; null when it went well
 */
public record HistoryEntry(
    long id,
    String service,
    String kind,
    Digest from,
    Digest to,
    Instant started,
    Instant finished,
    String outcome,
    String reason) {}
