package nl.meldpunt.incident.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

import nl.meldpunt.contract.EventType;
import nl.meldpunt.support.outbox.LoggedEvent;

/** One event of an incident's timeline, with its place in the hash chain. */
public record TimelineEntry(long sequence, UUID eventId, String type, String ceType, String actor, Instant occurredAt,
        Instant publishedAt, String prevHash, String hash, @JsonRawValue String data) {

    /** The entry with the event's data as the reader may see it. */
    static TimelineEntry of(LoggedEvent e, String data) {
        return new TimelineEntry(e.sequence(), e.eventId(), e.eventType(),
                EventType.fromEventName(e.eventType()).map(EventType::ceType).orElse(null), e.actor(), e.occurredAt(),
                e.publishedAt(), e.prevHash(), e.hash(), data);
    }
}
