package nl.meldpunt.incident.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.support.outbox.LoggedEvent;

/**
 * One event of an incident's timeline, with its place in the hash chain. {@code actor} has the
 * one shape of docs/api.md ("Actor"), the event data's: the log row keeps only the subject.
 */
public record TimelineEntry(long sequence, UUID eventId, String type, String ceType, Actor actor, Instant occurredAt,
        Instant publishedAt, String prevHash, String hash, @JsonRawValue String data) {

    /** The entry with the event's data as the reader may see it. */
    static TimelineEntry of(LoggedEvent e, String data, ObjectMapper json) {
        return new TimelineEntry(e.sequence(), e.eventId(), e.eventType(),
                EventType.fromEventName(e.eventType()).map(EventType::ceType).orElse(null), actor(e, data, json),
                e.occurredAt(), e.publishedAt(), e.prevHash(), e.hash(), data);
    }

    /** The actor the event data names; only the subject when the data (as shown to this reader) names none. */
    private static Actor actor(LoggedEvent e, String data, ObjectMapper json) {
        try {
            JsonNode actor = json.readTree(data).get("actor");
            if (actor != null && actor.isObject()) {
                return json.treeToValue(actor, Actor.class);
            }
        } catch (JsonProcessingException unreadable) {
            // the log row's subject below still says who
        }
        return new Actor(e.actor(), null, null, null);
    }
}
