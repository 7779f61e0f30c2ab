package nl.meldpunt.support.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;

/**
 * A binary-mode CloudEvent read from Kafka. Parsing fails with {@link PoisonEvent} when the
 * record is not a Meldpunt event, so the consumer's dead-letter strategy can park it. A
 * well-formed CloudEvent of a type this build does not know (a future {@code .v2}, or a type
 * added later) is no poison: the contract evolves additively, so the consumer skips it.
 */
public record IncomingEvent(UUID id, EventType type, String source, UUID subject, Instant time, long sequence,
        String traceparent, String topic, String data) {

    /** The event, or empty when its {@code ce_type} is one this build does not know. */
    public static Optional<IncomingEvent> from(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        String subject = header(record, CloudEventHeaders.SUBJECT);
        if (id == null || type == null || subject == null) {
            throw new PoisonEvent("not a CloudEvent: ce_id, ce_type and ce_subject are required");
        }
        Optional<EventType> eventType = EventType.fromCeType(type);
        if (eventType.isEmpty()) {
            return Optional.empty();
        }
        if (record.value() == null || record.value().isBlank()) {
            throw new PoisonEvent("event " + id + " has no data");
        }
        String seq = header(record, CloudEventHeaders.SEQUENCE);
        String time = header(record, CloudEventHeaders.TIME);
        try {
            return Optional.of(new IncomingEvent(UUID.fromString(id), eventType.get(), header(record, CloudEventHeaders.SOURCE),
                    UUID.fromString(subject), time == null ? null : Instant.parse(time), seq == null ? 0 : Long.parseLong(seq),
                    header(record, CloudEventHeaders.TRACEPARENT), record.topic(), record.value()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new PoisonEvent("malformed CloudEvent attribute: " + e.getMessage());
        }
    }

    /** The {@code ce_type} header of the record, or null. */
    public static String ceType(ConsumerRecord<String, String> record) {
        return header(record, CloudEventHeaders.TYPE);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A record that can never be processed; retrying it would only stall the partition. */
    public static class PoisonEvent extends RuntimeException {
        public PoisonEvent(String message) {
            super(message);
        }
    }
}
