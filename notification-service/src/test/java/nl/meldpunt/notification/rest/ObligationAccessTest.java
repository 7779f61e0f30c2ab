package nl.meldpunt.notification.rest;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.asInvestigator;
import static nl.meldpunt.notification.Api.awaitObligations;
import static nl.meldpunt.notification.Api.id;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;

@QuarkusTest
class ObligationAccessTest {

    @Inject
    MovableClock clock;

    private IncidentFacts lab;

    @BeforeEach
    void reportTheLab() {
        lab = CaseEvents.reportTheLab(clock, Instant.parse("2025-07-06T09:30:00Z"));
    }

    @Test
    void aViewerReadsStatesAndDueTimesButNoNamesOfAnAmberIncidentAndNoDraft() {
        String notice = id(lab.id, "GDPR_ART33_2_CONTROLLER");
        as("viewer").queryParam("incidentId", lab.id.toString()).get("/obligations").then().statusCode(200)
                .body("items", hasSize(7))
                .body("items.party", everyItem(nullValue()))
                .body("items.history", everyItem(nullValue()))
                .body("items.find { it.kind == 'NIS2_NOTIFICATION' }.dueAt", equalTo("2025-07-09T08:00:00Z"))
                .body("items.find { it.kind == 'NIS2_NOTIFICATION' }.recipient", equalTo("CSIRT"))
                .body("items.find { it.kind == 'GDPR_ART33_2_CONTROLLER' }.recipient", nullValue());
        as("viewer").get("/obligations/" + notice).then().statusCode(200).body("state", equalTo("PENDING"));
        as("viewer").get("/obligations/" + notice + "/draft").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aViewerSeesNothingOfARedIncident() {
        IncidentFacts red = IncidentFacts.referenceCase();
        red.tlp = Tlp.RED;
        CaseEvents.reported(red);
        awaitObligations(red.id, 7);
        as("viewer").queryParam("incidentId", red.id.toString()).get("/obligations").then().statusCode(200).body("items", hasSize(0));
        as("viewer").get("/obligations/" + id(red.id, "NIS2_NOTIFICATION")).then().statusCode(404)
                .contentType("application/problem+json").body("detail", not(containsString(red.reference)));
    }

    @Test
    void aPageIsFilteredBeforeItIsCutSoItIsNeverShortWhileLaterPagesHoldData() {
        IncidentFacts red = IncidentFacts.referenceCase();
        red.tlp = Tlp.RED;
        red.awareAt = Instant.parse("2001-01-01T00:00:00Z"); // its obligations sort before every other
        red.controllers = new java.util.ArrayList<>(List.of(new nl.meldpunt.contract.Controller(IncidentFacts.SCREENING,
                nl.meldpunt.contract.OrganizationKind.SCREENING_ORGANISATION, Instant.parse("2001-01-01T00:00:00Z"))));
        CaseEvents.reported(red);
        awaitObligations(red.id, 7);
        as("analyst").queryParam("size", 3).get("/obligations").then().statusCode(200)
                .body("items.incidentId", everyItem(equalTo(red.id.toString())));
        as("viewer").queryParam("size", 3).get("/obligations").then().statusCode(200)
                .body("items", hasSize(3)).body("items.incidentId", everyItem(not(equalTo(red.id.toString()))));
    }

    @Test
    void aViewerCannotLearnWhoOwesWhatOnAnAmberIncidentThroughThePartyFilter() {
        as("analyst").queryParam("incidentId", lab.id.toString()).queryParam("party", IncidentFacts.LAB).get("/obligations")
                .then().statusCode(200).body("items", hasSize(org.hamcrest.Matchers.greaterThan(0)));
        as("viewer").queryParam("incidentId", lab.id.toString()).queryParam("party", IncidentFacts.LAB).get("/obligations")
                .then().statusCode(200).body("items", hasSize(0));
        as("viewer").queryParam("incidentId", lab.id.toString()).get("/obligations").then().statusCode(200)
                .body("items", hasSize(7));
    }

    @Test
    void anInvestigatorReadsObligationsAndDraftsOnlyOnceItsAuthorityInvestigates() {
        String ap = id(lab.id, "GDPR_ART33_AP");
        asInvestigator("AP").get("/obligations/" + ap).then().statusCode(404)
                .contentType("application/problem+json");
        asInvestigator("AP").queryParam("incidentId", lab.id.toString()).get("/obligations").then().body("items", hasSize(0));

        CaseEvents.investigationOpened(lab, Authority.AP);
        await().atMost(Duration.ofSeconds(60)).until(() -> asInvestigator("AP").get("/obligations/" + ap).statusCode() == 200);
        asInvestigator("AP").get("/obligations/" + ap + "/draft").then().statusCode(200).body("kind", equalTo("GDPR_ART33_AP"));
        asInvestigator("AP").get("/obligations/" + ap).then().body("history[0].state", equalTo("WAITING"));
        asInvestigator("IGJ").get("/obligations/" + ap).then().statusCode(404);
    }

    @Test
    void onlyAnalystsFulfilAndWaive() {
        String igj = id(lab.id, "IGJ_CALAMITY_REPORT");
        CaseEvents.investigationOpened(lab, Authority.IGJ);
        as("viewer").body("{\"fulfilledAt\": \"2025-07-06T09:00:00Z\", \"submissionReference\": \"x\"}")
                .post("/obligations/" + igj + "/fulfil").then().statusCode(403).contentType("application/problem+json");
        asInvestigator("IGJ").body("{\"waiveJustification\": \"not needed\"}")
                .post("/obligations/" + igj + "/waive").then().statusCode(403);
        RestAssured.given().get("/obligations").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theDraftComesAsMarkdownWhenAskedAndAsJsonOtherwise() {
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        as("analyst").accept("text/markdown").get("/obligations/" + warning + "/draft").then().statusCode(200)
                .contentType(containsString("text/markdown"))
                .body(containsString("# NIS2 early warning — INC-2025-000123"))
                .body(containsString("| Due | 2025-07-07 10:00 CEST (2025-07-07T08:00:00Z) |"))
                .body(containsString("Suspected to be caused by unlawful or malicious acts:** yes"));
        as("analyst").accept("*/*").get("/obligations/" + warning + "/draft").then().statusCode(200)
                .contentType(containsString("application/json")).body("missing", hasSize(0));
    }

    @Test
    void healthAndOpenApiNeedNoTokenAndDescribeTheObligations() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/obligations/{id}/fulfil"))
                .body(containsString("text/markdown"));
    }
}
