package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.incident.PinnableClock;
import nl.meldpunt.localstack.TopicReader;

/** One clock: the incident's own times and its events' ce_time come from the same injectable clock. */
@QuarkusTest
class ServiceClockTest {

    @Inject
    PinnableClock clock;

    @AfterEach
    void release() {
        clock.release();
    }

    @Test
    void theIncidentItsTimelineAndItsCloudEventAllTellTheTimeOfTheServiceClock() {
        // An hour ago: a moment the system clock cannot produce while the test runs.
        Instant pinned = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        clock.pin(pinned);
        io.restassured.path.json.JsonPath incident = as("analyst").body(clinicalDiagnostics()).post("/incidents")
                .then().statusCode(201).extract().jsonPath();
        assertEquals(pinned, Instant.parse(incident.getString("reportedAt")));
        String id = incident.getString("id");
        String occurredAt = as("analyst").get("/incidents/" + id + "/timeline").then().statusCode(200)
                .extract().path("[0].occurredAt");
        assertEquals(pinned, Instant.parse(occurredAt));

        String incidentId = id;
        try (TopicReader reader = new TopicReader("incident-events")) {
            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.forKey(incidentId), r -> !r.isEmpty());
            assertEquals(pinned, Instant.parse(TopicReader.header(records.get(0), CloudEventHeaders.TIME)));
        }
    }
}
