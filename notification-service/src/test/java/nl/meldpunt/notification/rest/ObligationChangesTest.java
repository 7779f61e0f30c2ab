package nl.meldpunt.notification.rest;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.id;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;

@QuarkusTest
class ObligationChangesTest {

    @Inject
    MovableClock clock;

    private IncidentFacts lab;

    @BeforeEach
    void reportTheLab() {
        lab = CaseEvents.reportTheLab(clock, Instant.parse("2025-07-06T09:30:00Z"));
    }

    @Test
    void aLateApNotificationWithoutReasonsForTheDelayGets400NamingDelayReason() {
        clock.set(Instant.parse("2025-07-06T12:00:00Z"));
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T11:00:00Z\", \"submissionReference\": \"CD-BVO-1\"}")
                .post("/obligations/" + id(lab.id, "GDPR_ART33_2_CONTROLLER") + "/fulfil").then().statusCode(200);
        String ap = id(lab.id, "GDPR_ART33_AP");
        clock.set(Instant.parse("2025-07-10T12:00:00Z"));
        as("analyst").body("{\"fulfilledAt\": \"2025-07-10T11:00:00Z\", \"submissionReference\": \"AP-2025-77\"}")
                .post("/obligations/" + ap + "/fulfil").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("delayReason"))
                .body("errors[0].reason", containsString("GDPR Art. 33(1)"));
        as("analyst").body("""
                {"fulfilledAt": "2025-07-10T11:00:00Z", "submissionReference": "AP-2025-77",
                 "delayReason": "The number of affected participants was only confirmed on 10 July."}
                """).post("/obligations/" + ap + "/fulfil").then().statusCode(200)
                .body("state", equalTo("FULFILLED"))
                .body("delayReason", containsString("only confirmed"));
    }

    @Test
    void aBackdatedFulfilmentOfAnOverdueApNotificationStillNeedsItsDelayReason() {
        clock.set(Instant.parse("2025-07-06T12:00:00Z"));
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T11:00:00Z\", \"submissionReference\": \"CD-BVO-1\"}")
                .post("/obligations/" + id(lab.id, "GDPR_ART33_2_CONTROLLER") + "/fulfil").then().statusCode(200);
        String ap = id(lab.id, "GDPR_ART33_AP");
        // Due 9 July 11:00. A day later, before any clock pass, the analyst records a submission dated before that.
        clock.set(Instant.parse("2025-07-10T12:00:00Z"));
        as("analyst").body("{\"fulfilledAt\": \"2025-07-09T10:00:00Z\", \"submissionReference\": \"AP-2025-78\"}")
                .post("/obligations/" + ap + "/fulfil").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("delayReason"))
                .body("errors[0].reason", containsString("OVERDUE"))
                .body("errors[0].reason", containsString("GDPR Art. 33(1)"));
        as("analyst").body("""
                {"fulfilledAt": "2025-07-09T10:00:00Z", "submissionReference": "AP-2025-78",
                 "delayReason": "Sent on 9 July by registered post; the AP's acknowledgement arrived on 10 July."}
                """).post("/obligations/" + ap + "/fulfil").then().statusCode(200)
                .body("state", equalTo("FULFILLED"))
                .body("history.state", hasItem("OVERDUE"))
                .body("history[-1].reason", containsString("recorded after the deadline"));
    }

    @Test
    void aSubmittedAtAheadOfTheClockIsAcceptedWithinTheClockSkewAndRefusedBeyondItWhateverTheState() {
        clock.set(Instant.parse("2025-07-06T12:00:00Z"));
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T12:03:00Z\", \"submissionReference\": \"ZCERT-2\"}")
                .post("/obligations/" + warning + "/fulfil").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("fulfilledAt")).body("errors[0].reason", containsString("future"));
        // The final report is WAITING, which alone would be a 409: the time in the future is named first.
        as("analyst").body("{\"fulfilledAt\": \"2025-07-08T12:00:00Z\", \"submissionReference\": \"ZCERT-3\"}")
                .post("/obligations/" + id(lab.id, "NIS2_FINAL_REPORT") + "/fulfil").then().statusCode(400)
                .body("errors[0].field", equalTo("fulfilledAt"));
        // Ninety seconds ahead is a clock that runs a little fast, not a submission in the future.
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T12:01:30Z\", \"submissionReference\": \"ZCERT-2\"}")
                .post("/obligations/" + warning + "/fulfil").then().statusCode(200)
                .body("fulfilledAt", equalTo("2025-07-06T12:01:30Z"));
    }

    @Test
    void fulfillingTwiceOrAWaitingObligationIsAConflict() {
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        String body = "{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submissionReference\": \"ZCERT-1\"}";
        as("analyst").body(body).post("/obligations/" + warning + "/fulfil").then().statusCode(200).header("ETag", "\"2\"");
        as("analyst").body(body).post("/obligations/" + warning + "/fulfil").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("FULFILLED"));
        as("analyst").body("{\"waiveJustification\": \"x\"}").post("/obligations/" + warning + "/waive").then().statusCode(409);
        as("analyst").body(body).post("/obligations/" + id(lab.id, "NIS2_FINAL_REPORT") + "/fulfil").then().statusCode(409)
                .body("detail", containsString("WAITING"));
    }

    @Test
    void waivingNeedsAJustificationAndIsDocumented() {
        String igj = id(lab.id, "IGJ_CALAMITY_REPORT");
        as("analyst").body("{}").post("/obligations/" + igj + "/waive").then().statusCode(400)
                .body("errors[0].field", equalTo("waiveJustification"))
                .body("errors[0].reason", containsString("Art. 33(5)"));
        as("analyst").body("{\"waiveJustification\": \"The IGJ opened its own investigation; no separate report needed.\"}")
                .post("/obligations/" + igj + "/waive").then().statusCode(200)
                .body("state", equalTo("WAIVED"))
                .body("waiveJustification", containsString("own investigation"))
                .body("history[-1].actor.subject", equalTo("analyst@meldpunt.local"))
                .body("history[0].actor.role", equalTo("system"));
    }

    @Test
    void badRequestsNameTheField() {
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        as("analyst").body("{\"fulfilledAt\": \"yesterday\", \"submissionReference\": \"r\"}")
                .post("/obligations/" + warning + "/fulfil").then().statusCode(400).body("errors[0].field", equalTo("fulfilledAt"));
        as("analyst").body("{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submissionReference\": \"r\", \"sentBy\": \"me\"}")
                .post("/obligations/" + warning + "/fulfil").then().statusCode(400).body("errors[0].field", equalTo("sentBy"));
        as("analyst").body("{\"fulfilledAt\": \"2025-07-07T09:00:00Z\", \"submissionReference\": \"r\"}")
                .post("/obligations/" + warning + "/fulfil").then().statusCode(400)
                .body("errors[0].field", equalTo("fulfilledAt")).body("errors[0].reason", containsString("future"));
        as("analyst").queryParam("state", "LATE").get("/obligations").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
        as("analyst").queryParam("incidentId", "INC-2025-1").get("/obligations").then().statusCode(400)
                .body("errors[0].field", equalTo("incidentId"));
        as("analyst").get("/obligations/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aStaleIfMatchIsRefusedWith412() {
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        as("analyst").header("If-Match", "\"7\"").body("{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submissionReference\": \"r\"}")
                .post("/obligations/" + warning + "/fulfil").then().statusCode(412);
    }

    @Test
    void theListFiltersByStateAndParty() {
        as("analyst").queryParam("incidentId", lab.id.toString()).queryParam("state", "waiting").get("/obligations").then()
                .statusCode(200).body("items.kind", org.hamcrest.Matchers.containsInAnyOrder("GDPR_ART33_AP", "GDPR_ART34_SUBJECTS",
                        "NIS2_FINAL_REPORT"));
        as("analyst").queryParam("incidentId", lab.id.toString()).queryParam("party", "bevolkingsonderzoek nederland")
                .get("/obligations").then().statusCode(200)
                .body("items.kind", org.hamcrest.Matchers.containsInAnyOrder("GDPR_ART33_AP", "GDPR_ART34_SUBJECTS"));
    }
}
