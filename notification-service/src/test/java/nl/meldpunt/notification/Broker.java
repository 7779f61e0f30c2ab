package nl.meldpunt.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventSchemas;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.localstack.RecordSender;
import nl.meldpunt.localstack.TopicReader;

/**
 * The test's side of the real broker: publishes CloudEvents as the other services' outbox relays
 * do (binary mode, the headers of service-support's OutboxRelay, keyed by incident id), after
 * checking each payload against its schema; and reads back what notification-service published.
 */
public final class Broker {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    public static final EventSchemas SCHEMAS = new EventSchemas();

    private static long sequence;

    private Broker() {
    }

    /** A published event: its id, and the exact record, to send again as a redelivery. */
    public record Sent(UUID eventId, ProducerRecord<String, String> record) {
    }

    public static Sent publish(EventType type, UUID incidentId, Object data) {
        return publish(type, incidentId, data, UUID.randomUUID());
    }

    public static synchronized Sent publish(EventType type, UUID incidentId, Object data, UUID eventId) {
        return publish(type, incidentId, data, eventId, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    /** As the other service's relay publishes it, in the given trace ({@code ce_traceparent}). */
    public static synchronized Sent publish(EventType type, UUID incidentId, Object data, UUID eventId, String traceparent) {
        String payload;
        try {
            payload = JSON.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of(), SCHEMAS.validate(type, payload), "the test publishes only valid " + type.ceType());
        String source = type.topic() == Topic.INCIDENT_EVENTS ? "/meldpunt/incident-service" : "/meldpunt/investigation-service";
        ProducerRecord<String, String> r = RecordSender.record(type.topic().topicName(), incidentId.toString(), payload,
                CloudEventHeaders.binaryMode(eventId, source, type, incidentId, Instant.now(), ++sequence, traceparent));
        send(r);
        return new Sent(eventId, r);
    }

    /** Sends the same record again: what Kafka does on a redelivery. */
    public static synchronized void redeliver(Sent sent) {
        send(new ProducerRecord<>(sent.record().topic(), null, sent.record().key(), sent.record().value(),
                sent.record().headers()));
    }

    /** Every record on notification-events keyed by the incident, oldest first. */
    public static List<ConsumerRecord<String, String>> notificationEvents(UUID incidentId) {
        return records(Topic.NOTIFICATION_EVENTS.topicName(), incidentId);
    }

    /** Sends a record as it is, headers and all: for what no Meldpunt service would publish. */
    public static synchronized void publishRaw(ProducerRecord<String, String> record) {
        send(record);
    }

    /** Every record on the topic keyed by the incident, oldest first per partition. */
    public static List<ConsumerRecord<String, String>> records(String topic, UUID incidentId) {
        return TopicReader.upToNow(topic, incidentId.toString());
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        return TopicReader.header(r, name);
    }


    private static void send(ProducerRecord<String, String> r) {
        RecordSender.send(r);
    }

}
