package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.report;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.localstack.SharedStack;

/**
 * Once intake has answered 201 the event reaches Kafka, even if Kafka was down at the time:
 * the broker is really stopped, incidents are reported and changed, and the broker restarted.
 */
@QuarkusTest
class KafkaOutageTest {

    @AfterEach
    void brokerBack() {
        SharedStack.stack().startKafka();
    }

    @Test
    void intakeKeepsAnswering201WhileKafkaIsDownAndTheBacklogDrainsInOrderWithoutDuplicates() {
        SharedStack.stack().stopKafka();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = report();
            as("analyst").contentType("application/merge-patch+json")
                    .body("{\"personalData\":{\"estimatedDataSubjects\":" + (500000 + i) + "}}")
                    .patch("/incidents/" + id).then().statusCode(200);
            as("analyst").body("{\"requiredAuthorities\":[\"AP\"]}").post("/incidents/" + id + "/triage")
                    .then().statusCode(200);
            ids.add(id);
        }
        // The readiness check stays UP and reports the backlog.
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'outbox' }.data.backlog", greaterThanOrEqualTo(15));

        SharedStack.stack().startKafka();

        try (TopicReader reader = new TopicReader("incident-events")) {
            for (String id : ids) {
                List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(90))
                        .until(() -> reader.forKey(id), r -> r.size() >= 3);
                assertEquals(List.of("1", "2", "3"), records.stream().map(r -> TopicReader.header(r, "ce_sequence")).toList(),
                        "per-incident order of " + id);
                Set<String> eventIds = new HashSet<>();
                records.forEach(r -> eventIds.add(TopicReader.header(r, "ce_id")));
                assertEquals(records.size(), eventIds.size(), "no event published twice for " + id);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'outbox' }.data.backlog", org.hamcrest.Matchers.equalTo(0)));
    }
}
