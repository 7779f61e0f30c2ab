package nl.meldpunt.notification.rest;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.id;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.notification.Api;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;

/** The API shape of docs/api.md as notification-service follows it. */
@QuarkusTest
class ApiShapeTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    MovableClock clock;

    private IncidentFacts lab;

    @BeforeEach
    void reportTheLab() {
        lab = CaseEvents.reportTheLab(clock, Instant.parse("2025-07-06T09:30:00Z"));
    }

    @Test
    void theListIsAnEnvelopeThatPagesByCursorThroughEveryObligationInOrder() {
        List<Object> inOrder = as("analyst").queryParam("incidentId", lab.id.toString()).get("/obligations").then()
                .statusCode(200).body("total", equalTo(7)).body("size", equalTo(100)).body("page", equalTo(0))
                .body("nextCursor", nullValue()).extract().jsonPath().getList("items.id");
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = as("analyst").queryParam("incidentId", lab.id.toString()).queryParam("size", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/obligations").then().statusCode(200).body("total", equalTo(7)).extract();
            paged.addAll(page.jsonPath().getList("items.id"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        // Three pages of 3, 3 and 1, with the WAITING ones (no due time) last, in the same order as one page.
        assertEquals(3, pages);
        assertEquals(inOrder, paged);
    }

    @Test
    void theListFiltersByTheIncidentsReferenceAsByItsId() {
        IncidentFacts own = IncidentFacts.referenceCase();
        own.reference = "INC-2025-" + (100_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(900_000));
        CaseEvents.reported(own);
        Api.awaitObligations(own.id, 7);
        as("analyst").queryParam("incidentId", own.reference.toLowerCase(Locale.ROOT)).get("/obligations").then()
                .statusCode(200).body("items", hasSize(7)).body("total", equalTo(7));
        as("analyst").queryParam("incidentId", "INC-1999-999999").get("/obligations").then()
                .statusCode(200).body("items", hasSize(0)).body("total", equalTo(0));
    }

    @Test
    void fulfilTakesTheNamesItAnswersWithAndStillTheOldOnesForOneRelease() {
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submissionReference\": \"ZCERT-1\"}")
                .post("/obligations/" + id(lab.id, "NIS2_EARLY_WARNING") + "/fulfil").then().statusCode(200)
                .body("fulfilledAt", equalTo("2025-07-06T09:00:00Z")).body("submissionReference", equalTo("ZCERT-1"));
        as("analyst").body("{\"submittedAt\": \"2025-07-06T09:10:00Z\", \"reference\": \"IGJ-1\"}")
                .post("/obligations/" + id(lab.id, "IGJ_CALAMITY_REPORT") + "/fulfil").then().statusCode(200)
                .body("fulfilledAt", equalTo("2025-07-06T09:10:00Z")).body("submissionReference", equalTo("IGJ-1"));
    }

    @Test
    void theOldAndTheNewNameForOneFactWithDifferentValuesAre400NamingTheNewName() {
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submittedAt\": \"2025-07-06T09:05:00Z\", "
                + "\"submissionReference\": \"r\"}").post("/obligations/" + warning + "/fulfil").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("fulfilledAt"));
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submissionReference\": \"r\", \"reference\": \"s\"}")
                .post("/obligations/" + warning + "/fulfil").then().statusCode(400)
                .body("errors[0].field", equalTo("submissionReference"));
        as("analyst").body("{\"waiveJustification\": \"a\", \"justification\": \"b\"}")
                .post("/obligations/" + warning + "/waive").then().statusCode(400)
                .body("errors[0].field", equalTo("waiveJustification"));
        // The same value under both names is one fact, told twice.
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submittedAt\": \"2025-07-06T09:00:00Z\", "
                + "\"submissionReference\": \"r\", \"reference\": \"r\"}").post("/obligations/" + warning + "/fulfil")
                .then().statusCode(200);
    }

    @Test
    void waiveTakesWaiveJustificationAndStillJustificationForOneRelease() {
        as("analyst").body("{\"waiveJustification\": \"The IGJ investigates on its own initiative.\"}")
                .post("/obligations/" + id(lab.id, "IGJ_CALAMITY_REPORT") + "/waive").then().statusCode(200)
                .body("waiveJustification", equalTo("The IGJ investigates on its own initiative."))
                .body("history[-1].actor.subject", equalTo("analyst@meldpunt.local"));
        as("analyst").body("{\"justification\": \"Early warning made moot by the full notification.\"}")
                .post("/obligations/" + id(lab.id, "NIS2_EARLY_WARNING") + "/waive").then().statusCode(200)
                .body("waiveJustification", equalTo("Early warning made moot by the full notification."));
    }

    @Test
    void aMalformedIdInThePathIsAProblem404NamingTheParameter() {
        as("analyst").body("{\"waiveJustification\": \"x\"}").post("/obligations/null/waive").then().statusCode(404)
                .contentType(PROBLEM).body("errors[0].field", equalTo("id"));
        as("analyst").get("/obligations/not-a-uuid/draft").then().statusCode(404).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
        as("analyst").get("/nope").then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
    }
}
