package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.report;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.SharedStack;

@QuarkusTest
class TimelineTest {

    @Test
    void theTimelineListsEveryEventOldestFirstWithActorAndChainedHashes() {
        String id = report();
        as("analyst").contentType("application/merge-patch+json").body("{\"personalData\":{\"estimatedDataSubjects\":715000}}")
                .patch("/incidents/" + id).then().statusCode(200);
        as("analyst").body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"]}").post("/incidents/" + id + "/triage")
                .then().statusCode(200);
        var timeline = as("analyst").get("/incidents/" + id + "/timeline").then().statusCode(200)
                .body("type", contains("incident.reported", "incident.updated", "incident.triaged"))
                .body("sequence", contains(1, 2, 3))
                .body("actor.subject", contains("analyst@meldpunt.local", "analyst@meldpunt.local", "analyst@meldpunt.local"))
                .body("actor.role", everyItem(equalTo("analyst")))
                .body("[0].prevHash", nullValue())
                .body("[1].data.incident.personalData.estimatedDataSubjects", equalTo(715000))
                .extract();
        as("analyst").get("/incidents/" + id + "/timeline").then()
                .body("[1].prevHash", equalTo(timeline.path("[0].hash")))
                .body("[2].prevHash", equalTo(timeline.path("[1].hash")));
        as("analyst").get("/incidents/" + id + "/timeline/verify").then().statusCode(200)
                .body("intact", equalTo(true)).body("eventsChecked", equalTo(3));
    }

    @Test
    void verificationDetectsARowChangedDirectlyInTheDatabase() throws Exception {
        String id = report();
        as("analyst").contentType("application/merge-patch+json").body("{\"personalData\":{\"estimatedDataSubjects\":715000}}")
                .patch("/incidents/" + id).then().statusCode(200);
        as("analyst").body("{\"requiredAuthorities\":[\"AP\"]}").post("/incidents/" + id + "/triage").then().statusCode(200);

        // Someone with database access quietly lowers the number of affected people in the record.
        try (Connection c = DriverManager.getConnection(SharedStack.stack().jdbcUrl("incident"), LocalStack.DB_USER,
                LocalStack.DB_PASSWORD);
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE event_log SET data = replace(data, '715000', '71500') WHERE aggregate_id = ? AND sequence = 2")) {
            ps.setObject(1, UUID.fromString(id));
            ps.executeUpdate();
        }
        as("analyst").get("/incidents/" + id + "/timeline/verify").then().statusCode(200)
                .body("intact", equalTo(false)).body("firstBrokenSequence", equalTo(2));
    }

    @Test
    void asOfReturnsWhatWasKnownAtThatTime() throws Exception {
        String id = report();
        Instant between = Instant.now();
        // Make sure the patch commits strictly after 'between', without sleeping on a fixed delay.
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(between.plusMillis(5)));
        as("analyst").contentType("application/merge-patch+json").body("{\"personalData\":{\"estimatedDataSubjects\":715000}}")
                .patch("/incidents/" + id).then().statusCode(200);
        as("analyst").queryParam("asOf", between.toString()).get("/incidents/" + id).then().statusCode(200)
                .body("personalData.estimatedDataSubjects", equalTo(485000)).body("version", equalTo(1));
        as("analyst").get("/incidents/" + id).then().body("personalData.estimatedDataSubjects", equalTo(715000));
        as("analyst").queryParam("asOf", "2000-01-01T00:00:00Z").get("/incidents/" + id).then().statusCode(404);
        as("analyst").queryParam("asOf", "yesterday").get("/incidents/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("asOf"));
    }

    @Test
    void aViewerCannotReadTheTimelineOfAnAmberIncident() {
        String id = report();
        as("viewer").get("/incidents/" + id + "/timeline").then().statusCode(403);
        as("analyst").get("/incidents/" + id + "/timeline").then().statusCode(200).body("$", hasSize(1));
    }
}
