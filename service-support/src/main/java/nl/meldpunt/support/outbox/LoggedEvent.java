package nl.meldpunt.support.outbox;

import java.time.Instant;
import java.util.UUID;

/** One row of the event log: an event as it was committed, with its place in the hash chain. */
public record LoggedEvent(
        long position,
        UUID eventId,
        UUID aggregateId,
        long sequence,
        String eventType,
        String topic,
        String actor,
        Instant occurredAt,
        String data,
        String traceparent,
        String prevHash,
        String hash,
        Instant publishedAt) {
}
