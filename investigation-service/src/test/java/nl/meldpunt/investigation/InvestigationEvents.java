package nl.meldpunt.investigation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventSchemas;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Topic;

/** What investigation-service published on {@code investigation-events}, read from the real broker. */
public final class InvestigationEvents {

    public static final String SOURCE = "/meldpunt/investigation-service";
    private static final EventSchemas SCHEMAS = new EventSchemas();
    private static final ObjectMapper JSON = new ObjectMapper();

    private InvestigationEvents() {
    }

    /** The incident's events, once {@code until} holds for them. */
    public static List<ConsumerRecord<String, String>> of(UUID incidentId,
            Predicate<List<ConsumerRecord<String, String>>> until) {
        return TopicReader.records(Topic.INVESTIGATION_EVENTS.topicName(), incidentId.toString(), until);
    }

    public static Predicate<List<ConsumerRecord<String, String>>> atLeast(EventType type, int count) {
        return records -> count(records, type) >= count;
    }

    public static long count(List<ConsumerRecord<String, String>> records, EventType type) {
        return records.stream().filter(r -> type.ceType().equals(TopicReader.header(r, CloudEventHeaders.TYPE))).count();
    }

    public static List<ConsumerRecord<String, String>> ofType(List<ConsumerRecord<String, String>> records, EventType type) {
        return records.stream().filter(r -> type.ceType().equals(TopicReader.header(r, CloudEventHeaders.TYPE))).toList();
    }

    /**
     * Asserts that the record is a binary-mode CloudEvent of investigation-service about the incident,
     * with every header docs/design.md "Events" names, and data that validates against its schema.
     *
     * @return the data
     */
    public static JsonNode assertConforms(ConsumerRecord<String, String> r, UUID incidentId) {
        assertEquals(incidentId.toString(), r.key(), "keyed by incident id");
        assertEquals(CloudEventHeaders.SPEC_VERSION_VALUE, TopicReader.header(r, CloudEventHeaders.SPEC_VERSION));
        assertDoesNotThrow(() -> UUID.fromString(TopicReader.header(r, CloudEventHeaders.ID)));
        assertEquals(SOURCE, TopicReader.header(r, CloudEventHeaders.SOURCE));
        EventType type = EventType.fromCeType(TopicReader.header(r, CloudEventHeaders.TYPE)).orElseThrow();
        assertEquals(Topic.INVESTIGATION_EVENTS, type.topic());
        assertEquals(incidentId.toString(), TopicReader.header(r, CloudEventHeaders.SUBJECT));
        assertDoesNotThrow(() -> Instant.parse(TopicReader.header(r, CloudEventHeaders.TIME)));
        assertTrue(Long.parseLong(TopicReader.header(r, CloudEventHeaders.SEQUENCE)) >= 1);
        assertTrue(TopicReader.header(r, CloudEventHeaders.TRACEPARENT).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
        assertEquals(CloudEventHeaders.JSON, TopicReader.header(r, CloudEventHeaders.CONTENT_TYPE));
        assertEquals(List.of(), SCHEMAS.validate(type, r.value()), type.ceType() + " must validate: " + r.value());
        try {
            JsonNode data = JSON.readTree(r.value());
            assertEquals(incidentId.toString(), data.at("/investigation/incidentId").asText());
            return data;
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** ce_sequence rises by one per event of the incident, in the order they were published. */
    public static void assertSequenceRises(List<ConsumerRecord<String, String>> records) {
        List<Long> sequences = records.stream().sorted(Comparator.comparingLong(ConsumerRecord::offset))
                .map(r -> Long.parseLong(TopicReader.header(r, CloudEventHeaders.SEQUENCE))).toList();
        for (int i = 0; i < sequences.size(); i++) {
            assertEquals(i + 1L, sequences.get(i), "ce_sequence of event " + (i + 1) + " in " + sequences);
        }
    }
}
