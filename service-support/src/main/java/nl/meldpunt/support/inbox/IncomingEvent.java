package nl.meldpunt.support.inbox;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;

/**
 * A binary-mode CloudEvent read from Kafka. Parsing fails with {@link PoisonEvent} when the
 * record is not a Meldpunt event, so the consumer's dead-letter strategy can park it.
 */
public record IncomingEvent(UUID id, EventType type, String source, UUID subject, long sequence, String topic, String data) {

    public static IncomingEvent from(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        String subject = header(record, CloudEventHeaders.SUBJECT);
        if (id == null || type == null || subject == null) {
            throw new PoisonEvent("not a CloudEvent: ce_id, ce_type and ce_subject are required");
        }
        EventType eventType = EventType.fromCeType(type)
                .orElseThrow(() -> new PoisonEvent("unknown event type " + type));
        if (record.value() == null || record.value().isBlank()) {
            throw new PoisonEvent("event " + id + " has no data");
        }
        String seq = header(record, CloudEventHeaders.SEQUENCE);
        try {
            return new IncomingEvent(UUID.fromString(id), eventType, header(record, CloudEventHeaders.SOURCE),
                    UUID.fromString(subject), seq == null ? 0 : Long.parseLong(seq), record.topic(), record.value());
        } catch (IllegalArgumentException e) {
            throw new PoisonEvent("malformed CloudEvent attribute: " + e.getMessage());
        }
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
