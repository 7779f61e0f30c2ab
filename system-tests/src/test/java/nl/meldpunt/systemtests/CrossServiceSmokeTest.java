package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Events that one service produces reach another over the real broker: incident-service's
 * outbox publishes {@code incident.triaged}, investigation-service opens one investigation per
 * required authority and publishes {@code investigation.opened}, and incident-service moves the
 * incident to INVESTIGATING.
 */
@ExtendWith(RunningPlatform.class)
class CrossServiceSmokeTest {

    private static final Duration EVENT_PROPAGATION = Duration.ofSeconds(90);

    @Test
    void triagingTheReferenceIncidentOpensAnInvestigationPerAuthorityAndTheIncidentStartsInvestigating()
            throws IOException {
        String id = analyst(Service.INCIDENT)
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents")
                .then().statusCode(201)
                .extract().path("id");

        analyst(Service.INCIDENT)
                .body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"]}")
                .post("/incidents/{id}/triage", id)
                .then().statusCode(200)
                .body("status", equalTo("TRIAGED"));

        await("an OPEN investigation by IGJ and by AP").atMost(EVENT_PROPAGATION).untilAsserted(() ->
                analyst(Service.INVESTIGATION)
                        .queryParam("incidentId", id)
                        .get("/investigations")
                        .then().statusCode(200)
                        .body("items.authority", containsInAnyOrder("IGJ", "AP"))
                        .body("items.status", everyItem(equalTo("OPEN"))));

        await("incident " + id + " INVESTIGATING").atMost(EVENT_PROPAGATION).untilAsserted(() ->
                analyst(Service.INCIDENT)
                        .get("/incidents/{id}", id)
                        .then().statusCode(200)
                        .body("status", equalTo("INVESTIGATING")));
    }

    private static RequestSpecification analyst(Service service) {
        return given()
                .baseUri(service.url())
                .auth().oauth2(SharedStack.token("analyst"))
                .contentType(ContentType.JSON);
    }
}
