package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.report;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.EventSchemas;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.localstack.TopicReader;

@QuarkusTest
class IncidentEventsTest {

    private static final EventSchemas SCHEMAS = new EventSchemas();

    @Inject
    ObjectMapper json;

    @Test
    void theReportedEventIsWrittenAsIncidentEventDataAndCarriesTheIncidentOfTheResponse() throws Exception {
        ExtractableResponse<Response> created = as("analyst").body(nl.meldpunt.incident.Fixtures.clinicalDiagnostics())
                .post("/incidents").then().statusCode(201).extract();
        String id = created.path("id");
        try (TopicReader reader = new TopicReader("incident-events")) {
            String value = await().atMost(Duration.ofSeconds(30)).until(() -> reader.forKey(id), r -> !r.isEmpty())
                    .get(0).value();
            IncidentEventData data = json.readValue(value, IncidentEventData.class);
            // byte for byte what the contract's record writes: the snapshot written once for body and event changes nothing
            assertEquals(json.writeValueAsString(data), value);
            assertEquals(json.readValue(created.asString(), IncidentSnapshot.class), data.incident());
            assertEquals("analyst", data.actor().role());
        }
    }

    @Test
    void aReportedIncidentReachesKafkaAsABinaryCloudEventThatMatchesItsSchema() {
        String id = report();
        try (TopicReader reader = new TopicReader("incident-events")) {
            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.forKey(id), r -> !r.isEmpty());
            ConsumerRecord<String, String> r = records.get(0);
            Map<String, String> h = TopicReader.headers(r);
            assertEquals("1.0", h.get("ce_specversion"));
            assertEquals("nl.meldpunt.incident.reported.v1", h.get("ce_type"));
            assertEquals("/meldpunt/incident-service", h.get("ce_source"));
            assertEquals(id, h.get("ce_subject"));
            assertEquals("1", h.get("ce_sequence"));
            assertEquals("application/json", h.get("content-type"));
            UUID.fromString(h.get("ce_id"));
            Instant.parse(h.get("ce_time"));
            assertNotNull(h.get("ce_traceparent"));
            assertTrue(h.get("ce_traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
            assertEquals(List.of(), SCHEMAS.validate(EventType.INCIDENT_REPORTED, r.value()));
        }
    }

    @Test
    void everyChangeIsPublishedInOrderWithARisingSequenceAndValidPayloads() {
        String id = report();
        as("analyst").body("{\"personalData\":{\"estimatedDataSubjects\":715000}}").contentType("application/merge-patch+json")
                .patch("/incidents/" + id).then().statusCode(200);
        as("analyst").body("{\"requiredAuthorities\":[]}").post("/incidents/" + id + "/triage").then().statusCode(200);
        as("analyst").body("{\"reason\":\"contained, no investigation needed\"}").post("/incidents/" + id + "/close")
                .then().statusCode(200);
        try (TopicReader reader = new TopicReader("incident-events")) {
            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.forKey(id), r -> r.size() >= 4);
            assertEquals(List.of("nl.meldpunt.incident.reported.v1", "nl.meldpunt.incident.updated.v1",
                    "nl.meldpunt.incident.triaged.v1", "nl.meldpunt.incident.closed.v1"),
                    records.stream().map(r -> TopicReader.header(r, "ce_type")).toList());
            assertEquals(List.of("1", "2", "3", "4"), records.stream().map(r -> TopicReader.header(r, "ce_sequence")).toList());
            for (ConsumerRecord<String, String> r : records) {
                EventType type = EventType.fromCeType(TopicReader.header(r, "ce_type")).orElseThrow();
                assertEquals(List.of(), SCHEMAS.validate(type, r.value()), type + " payload");
            }
            assertTrue(records.get(1).value().contains("\"changedFields\":[\"personalData.estimatedDataSubjects\"]"),
                    records.get(1).value());
        }
    }
}
