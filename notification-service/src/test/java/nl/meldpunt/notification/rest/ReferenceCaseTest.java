package nl.meldpunt.notification.rest;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.id;
import static nl.meldpunt.notification.Api.obligation;
import static nl.meldpunt.notification.IncidentFacts.LAB;
import static nl.meldpunt.notification.IncidentFacts.SCREENING;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.notification.Api;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;
import nl.meldpunt.notification.service.ObligationClocks;

/**
 * The Clinical Diagnostics case end to end: real incident.* CloudEvents on incident-events, the
 * obligations over REST, the clock moved to 6 August 2025 when the lab finally told the
 * screening organisation.
 */
@QuarkusTest
class ReferenceCaseTest {

    @Inject
    MovableClock clock;

    @Inject
    ObligationClocks clocks;

    private IncidentFacts lab;

    @BeforeEach
    void reportTheLab() {
        lab = CaseEvents.reportTheLab(clock, Instant.parse("2025-07-06T09:30:00Z"));
    }

    @Test
    void theLabsIncidentOpensEveryObligationWithTheDueTimeOfItsOwnClock() {
        Map<String, Map<String, Object>> byKind = Api.obligations(lab.id).stream()
                .collect(Collectors.toMap(o -> (String) o.get("kind"), o -> o));
        assertOwed(byKind.get("GDPR_ART33_2_CONTROLLER"), LAB, SCREENING, "PENDING", "2025-07-06T08:00:00Z", "2025-07-07T08:00:00Z");
        assertOwed(byKind.get("GDPR_ART33_AP"), SCREENING, "AP", "WAITING", null, null);
        assertOwed(byKind.get("GDPR_ART34_SUBJECTS"), SCREENING, "data subjects", "WAITING", null, null);
        assertOwed(byKind.get("NIS2_EARLY_WARNING"), LAB, "CSIRT", "PENDING", "2025-07-06T08:00:00Z", "2025-07-07T08:00:00Z");
        assertOwed(byKind.get("NIS2_NOTIFICATION"), LAB, "CSIRT", "PENDING", "2025-07-06T08:00:00Z", "2025-07-09T08:00:00Z");
        assertOwed(byKind.get("NIS2_FINAL_REPORT"), LAB, "CSIRT", "WAITING", null, null);
        assertOwed(byKind.get("IGJ_CALAMITY_REPORT"), LAB, "IGJ", "PENDING", "2025-07-06T08:00:00Z", "2025-07-09T08:00:00Z");
        assertEquals("GDPR Art. 33(2)", byKind.get("GDPR_ART33_2_CONTROLLER").get("legalBasis"));
        assertEquals("Wkkgz Art. 11(1)(a)", byKind.get("IGJ_CALAMITY_REPORT").get("legalBasis"));
        as("analyst").get("/obligations/" + byKind.get("GDPR_ART33_AP").get("id")).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("history[0].state", equalTo("WAITING"))
                .body("history[0].reason", containsString("waiting for Bevolkingsonderzoek Nederland's moment of awareness"));
    }

    @Test
    void theLabTellingTheScreeningOrganisationOn6AugustWasOverdueAndStartsItsOwn72HourClock() {
        clock.set(Instant.parse("2025-08-06T10:00:00Z"));
        clocks.pass();
        String notice = id(lab.id, "GDPR_ART33_2_CONTROLLER");
        as("analyst").get("/obligations/" + notice).then().body("state", equalTo("OVERDUE"));

        as("analyst").body("""
                {"fulfilledAt": "2025-08-06T09:00:00Z", "submissionReference": "CD-BVO-2025-0806"}
                """).post("/obligations/" + notice + "/fulfil").then().statusCode(200)
                .body("state", equalTo("FULFILLED"))
                .body("fulfilledAt", equalTo("2025-08-06T09:00:00Z"))
                .body("submissionReference", equalTo("CD-BVO-2025-0806"))
                .body("history.state", hasItem("OVERDUE"))
                .body("history[-1].reason", containsString("30 d 1 h late (was OVERDUE)"))
                .body("history[-1].actor.subject", equalTo("analyst@meldpunt.local"))
                .body("history[0].actor.role", equalTo("system"));

        Map<String, Object> ap = obligation(lab.id, "GDPR_ART33_AP");
        assertEquals("PENDING", ap.get("state"));
        assertEquals("2025-08-06T09:00:00Z", ap.get("clockStartedAt"));
        assertEquals("2025-08-09T09:00:00Z", ap.get("dueAt"));
        Map<String, Object> subjects = obligation(lab.id, "GDPR_ART34_SUBJECTS");
        assertEquals("2025-08-06T09:00:00Z", subjects.get("clockStartedAt"));
        as("analyst").get("/obligations/" + ap.get("id")).then()
                .body("history[-1].reason", startsWith("Clock started after GDPR_ART33_2_CONTROLLER was fulfilled"));
    }

    @Test
    void theApDraftListsWhatIsMissingUntilAnIncidentUpdateFillsIt() {
        String ap = id(lab.id, "GDPR_ART33_AP");
        List<String> before = as("analyst").get("/obligations/" + ap + "/draft").then().statusCode(200)
                .body("legalBasis", equalTo("GDPR Art. 33(1)"))
                .body("complete", equalTo(false))
                .extract().jsonPath().getList("missing.field");
        assertEquals(List.of("estimatedRecords", "contactPoint", "likelyConsequences", "measuresTaken"), before);

        lab.next(Instant.parse("2025-07-08T12:00:00Z")).withNotificationFacts();
        CaseEvents.updated(lab, "contactPoint", "estimatedRecords", "likelyConsequences", "measuresTaken");
        await().atMost(Duration.ofSeconds(60)).until(() -> as("analyst").get("/obligations/" + ap + "/draft")
                .then().extract().jsonPath().getList("missing").isEmpty());
        as("analyst").get("/obligations/" + ap + "/draft").then().body("complete", equalTo(true))
                .body("sections[1].items[0].value.email", equalTo("fg@clinicaldiagnostics.example"));

        as("analyst").accept("text/markdown").get("/obligations/" + ap + "/draft").then().statusCode(200)
                .contentType(startsWith("text/markdown"))
                .body(startsWith("# Notification of a personal data breach to the supervisory authority"))
                .body(containsString("## Contact point (GDPR Art. 33(3)(b))"))
                .body(containsString("Nothing: every fact the article asks for is known."))
                .body(not(containsString("_missing_")));
    }

    private static void assertOwed(Map<String, Object> o, String party, String recipient, String state, String clockStartedAt,
            String dueAt) {
        assertEquals(party, o.get("party"), o::toString);
        assertEquals(recipient, o.get("recipient"), o::toString);
        assertEquals(state, o.get("state"), o::toString);
        assertEquals("INC-2025-000123", o.get("incidentReference"));
        if (clockStartedAt == null) {
            assertNull(o.get("clockStartedAt"), o::toString);
            assertNull(o.get("dueAt"), o::toString);
        } else {
            assertEquals(clockStartedAt, o.get("clockStartedAt"), o::toString);
            assertEquals(dueAt, o.get("dueAt"), o::toString);
        }
    }
}
