package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Two incident-service instances on one database: exactly one relay publishes (the holder of
 * the PostgreSQL advisory lock). When that instance is killed outright, the other takes over and
 * nothing accepted with 201 is lost.
 */
@ExtendWith(RunningPlatform.class)
class RelayFailoverTest {

    /** A database and an (empty) consumer topic of their own, so the main instance is not disturbed. */
    private static final List<String> OWN_CONSUMER = List.of(
            "-Dmp.messaging.incoming.investigation-events.topic=failover-investigation-events",
            "-Dmp.messaging.incoming.investigation-events.group.id=incident-service-failover");

    private Instance first;
    private Instance second;

    @AfterEach
    void stop() throws InterruptedException {
        for (Instance i : new Instance[] {first, second}) {
            if (i != null && i.process().isAlive()) {
                i.process().destroy();
                i.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void whenTheActiveRelayDiesTheStandbyTakesOverAndPublishesEverythingAccepted() throws IOException {
        first = RunningPlatform.startInstance(Service.INCIDENT, "incident-failover-1", "incident_failover", OWN_CONSUMER);
        await("first instance holds the relay").atMost(Duration.ofSeconds(30))
                .until(() -> relayActive(first));
        second = RunningPlatform.startInstance(Service.INCIDENT, "incident-failover-2", "incident_failover", OWN_CONSUMER);
        assertEquals(false, relayActive(second), "a second relay must stand by while the first holds the lock");

        try (TopicReader topic = new TopicReader("incident-events")) {
            String before = report(second);
            await("published by the first instance's relay").atMost(Duration.ofSeconds(60))
                    .until(() -> topic.forKey(before).size() == 1);
            // Killed only once the relay has also marked the row: a kill between Kafka's acknowledgement and
            // the mark may send an event twice (at least once; the consumers' inbox drops the copy).
            await("marked as published").atMost(Duration.ofSeconds(60)).until(() -> unpublished(before) == 0);

            // Killed without a chance to clean up: its database session ends and the lock with it.
            first.process().destroyForcibly();
            String after = report(second);
            await("the second instance takes over").atMost(Duration.ofSeconds(60)).until(() -> relayActive(second));
            await("published by the new relay").atMost(Duration.ofSeconds(60)).until(() -> topic.forKey(after).size() == 1);
            assertEquals(1, topic.forKey(before).size(), "nothing published twice");
        }
    }

    private static long unpublished(String incidentId) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(SharedStack.stack().jdbcUrl("incident_failover"),
                nl.meldpunt.localstack.LocalStack.DB_USER, nl.meldpunt.localstack.LocalStack.DB_PASSWORD);
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM event_log WHERE aggregate_id = ?::uuid AND published_at IS NULL")) {
            ps.setString(1, incidentId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String report(Instance instance) throws IOException {
        return given().baseUri(instance.url()).auth().oauth2(SharedStack.token("analyst")).contentType(ContentType.JSON)
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents").then().statusCode(201).extract().path("id");
    }

    private static boolean relayActive(Instance instance) {
        Boolean active = given().baseUri(instance.url()).get("/q/health/ready").then()
                .body("status", equalTo("UP"))
                .extract().path("checks.find { it.name == 'outbox' }.data.relayActiveHere");
        return Boolean.TRUE.equals(active);
    }
}
