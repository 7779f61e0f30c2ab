package nl.meldpunt.incident.rest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.support.outbox.EventLog;
import nl.meldpunt.support.outbox.OutboxBacklog;

/**
 * An event-log row that can never be published (here: larger than any Kafka record may be) is
 * parked with its reason. It blocks neither the relay nor other incidents; the later events of
 * its own incident wait behind it, so that incident's order holds; health and metrics report it.
 */
@QuarkusTest
class ParkedOutboxEventTest {

    @Inject
    EventLog eventLog;

    @Inject
    @Readiness
    OutboxBacklog backlog;

    @Test
    void aRowThatCanNeverBePublishedIsParkedAndOtherIncidentsFlowOn() {
        UUID stuck = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        long parkedBefore = backlog.measure().parked();
        QuarkusTransaction.requiringNew().run(() -> {
            eventLog.append(EventType.INCIDENT_UPDATED, stuck, "test", Map.of("padding", "x".repeat(1_200_000)));
            eventLog.append(EventType.INCIDENT_UPDATED, stuck, "test", Map.of("note", "behind the parked one"));
        });
        QuarkusTransaction.requiringNew().run(
                () -> eventLog.append(EventType.INCIDENT_UPDATED, other, "test", Map.of("note", "another incident")));

        try (TopicReader reader = new TopicReader("incident-events")) {
            List<ConsumerRecord<String, String>> others = await().atMost(Duration.ofSeconds(60))
                    .until(() -> reader.forKey(other.toString()), r -> !r.isEmpty());
            assertTrue(others.get(0).value().contains("another incident"));
            await().atMost(Duration.ofSeconds(30)).until(() -> backlog.measure().parked() == parkedBefore + 1);
            OutboxBacklog.Backlog b = backlog.measure();
            assertTrue(b.waitingBehindParked() >= 1, "the later event of the stuck incident waits: " + b);
            assertTrue(b.parkedReason().startsWith("RecordTooLargeException"), b.parkedReason());
            assertEquals(List.of(), reader.forKey(stuck.toString()), "nothing of the stuck incident went out of order");
        }
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox' }.data.firstParkedReason", startsWith("RecordTooLargeException"));
        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("meldpunt_outbox_parked"));

        // The relay carries on with new events of other incidents.
        UUID later = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> eventLog.append(EventType.INCIDENT_UPDATED, later, "test", Map.of("n", 1)));
        try (TopicReader reader = new TopicReader("incident-events")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.forKey(later.toString()), r -> !r.isEmpty());
        }
    }
}
