package nl.meldpunt.incident.messaging;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.report;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.EventSchemas;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.incident.InvestigationEvents;
import nl.meldpunt.localstack.TopicReader;

/** incident-service follows investigation-events over the real broker, exactly once per event. */
@QuarkusTest
class InvestigationEventsConsumerTest {

    private InvestigationEvents events;

    @BeforeEach
    void producer() {
        events = new InvestigationEvents();
    }

    @AfterEach
    void close() {
        events.close();
    }

    private String triagedIncident() {
        String id = report();
        as("analyst").body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"]}").post("/incidents/" + id + "/triage")
                .then().statusCode(200);
        return id;
    }

    private static String status(String id) {
        return as("analyst").get("/incidents/" + id).then().extract().path("status");
    }

    @Test
    void theFirstOpenedInvestigationStartsTheInvestigationAndAllConcludedResolveIt() {
        String id = triagedIncident();
        String igj = UUID.randomUUID().toString();
        String ap = UUID.randomUUID().toString();
        events.send(id, "opened", "OPEN", igj, "IGJ");
        events.send(id, "opened", "OPEN", ap, "AP");
        await().atMost(Duration.ofSeconds(30)).until(() -> "INVESTIGATING".equals(status(id)));

        events.send(id, "concluded", "CONCLUDED", igj, "IGJ");
        // One investigation still open: the incident stays INVESTIGATING until the AP concludes too.
        String marker = events.send(id, "assigned", "IN_PROGRESS", ap, "AP");
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(marker));
        assertEquals("INVESTIGATING", status(id));
        events.send(id, "concluded", "CONCLUDED", ap, "AP");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(status(id)));
        as("analyst").get("/incidents/" + id + "/timeline").then()
                .body("type", contains("incident.reported", "incident.triaged", "incident.investigation-started",
                        "incident.resolved"))
                .body("[2].data.authority", equalTo("IGJ"))
                .body("[2].data.investigationId", equalTo(igj))
                .body("[2].actor.role", equalTo("system"))
                .body("[3].actor.subject", equalTo("system"))
                .body("[3].data.actor.role", equalTo("system"));

        try (TopicReader reader = new TopicReader("incident-events")) {
            List<ConsumerRecord<String, String>> published = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.forKey(id), r -> r.size() >= 4);
            EventSchemas schemas = new EventSchemas();
            assertEquals(List.of(), schemas.validate(EventType.INCIDENT_INVESTIGATION_STARTED, published.get(2).value()));
            assertEquals(List.of(), schemas.validate(EventType.INCIDENT_RESOLVED, published.get(3).value()));
        }
    }

    @Test
    void aReopenedIncidentResolvesAgainWhenTheNewRoundConcludes() {
        String id = triagedIncident();
        String igj = UUID.randomUUID().toString();
        String ap = UUID.randomUUID().toString();
        events.send(id, "opened", "OPEN", igj, "IGJ");
        events.send(id, "opened", "OPEN", ap, "AP");
        events.send(id, "concluded", "CONCLUDED", igj, "IGJ");
        events.send(id, "concluded", "CONCLUDED", ap, "AP");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(status(id)));
        as("analyst").body("{\"reason\":\"the confirmed number grew from 485k to 715k\"}").post("/incidents/" + id + "/reopen")
                .then().statusCode(200).body("status", equalTo("INVESTIGATING"));

        String igj2 = UUID.randomUUID().toString();
        String ap2 = UUID.randomUUID().toString();
        events.send(id, "opened", "OPEN", igj2, "IGJ");
        events.send(id, "opened", "OPEN", ap2, "AP");
        events.send(id, "concluded", "CONCLUDED", igj2, "IGJ");
        String marker = events.send(id, "assigned", "IN_PROGRESS", ap2, "AP");
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(marker));
        assertEquals("INVESTIGATING", status(id), "the AP's second round is still open");
        events.send(id, "concluded", "CONCLUDED", ap2, "AP");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(status(id)));
        as("analyst").body("{\"reason\":\"both rounds concluded\"}").post("/incidents/" + id + "/close")
                .then().statusCode(200).body("status", equalTo("CLOSED"));
        as("analyst").get("/incidents/" + id + "/timeline").then().body("type", contains("incident.reported",
                "incident.triaged", "incident.investigation-started", "incident.resolved", "incident.reopened",
                "incident.resolved", "incident.closed"));
    }

    @Test
    void aDuplicatedOrReplayedEventChangesNothing() {
        String id = triagedIncident();
        String igj = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        events.send(id, "opened", "OPEN", igj, "IGJ", eventId);
        await().atMost(Duration.ofSeconds(30)).until(() -> "INVESTIGATING".equals(status(id)));
        events.send(id, "concluded", "CONCLUDED", igj, "IGJ", UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESOLVED".equals(status(id)));
        as("analyst").body("{\"reason\":\"new evidence\"}").post("/incidents/" + id + "/reopen").then().statusCode(200);

        // The very same opened event again: the inbox recognises it and nothing moves.
        events.send(id, "opened", "OPEN", igj, "IGJ", eventId);
        // A marker event behind it on the same partition proves the duplicate has been consumed.
        String marker = UUID.randomUUID().toString();
        events.send(id, "assigned", "IN_PROGRESS", igj, "IGJ", marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(marker));
        as("analyst").get("/incidents/" + id + "/timeline").then().body("type", contains("incident.reported",
                "incident.triaged", "incident.investigation-started", "incident.resolved", "incident.reopened"));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndThePartitionKeepsFlowing() {
        String id = triagedIncident();
        events.sendPoison(id);
        events.send(id, "opened", "OPEN", UUID.randomUUID().toString(), "AP");
        await().atMost(Duration.ofSeconds(30)).until(() -> "INVESTIGATING".equals(status(id)));
        try (TopicReader dlq = new TopicReader("investigation-events-dlq")) {
            List<ConsumerRecord<String, String>> parked = await().atMost(Duration.ofSeconds(30))
                    .until(() -> dlq.forKey(id), r -> !r.isEmpty());
            assertEquals("this is not an event", parked.get(0).value());
            org.junit.jupiter.api.Assertions.assertNotNull(TopicReader.header(parked.get(0), "dead-letter-reason"));
        }
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    private boolean processed(String eventId) throws Exception {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT 1 FROM processed_event WHERE event_id = ?")) {
            ps.setObject(1, UUID.fromString(eventId));
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
