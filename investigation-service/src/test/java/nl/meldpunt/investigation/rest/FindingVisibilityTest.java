package nl.meldpunt.investigation.rest;

import static nl.meldpunt.investigation.Fixtures.as;
import static nl.meldpunt.investigation.Fixtures.asInvestigator;
import static nl.meldpunt.investigation.Fixtures.investigationOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;


import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.investigation.Fixtures;
import nl.meldpunt.investigation.IncidentEvents;
import nl.meldpunt.investigation.InvestigationEvents;
import nl.meldpunt.investigation.IncidentEvents.Incident;

/**
 * DESIGN.md "Investigations": AUTHORITY findings only for the recording authority, SHARED ones for
 * every authority investigating the same incident (IGJ and AP in the reference case).
 */
@QuarkusTest
class FindingVisibilityTest {

    private record Case(Incident incident, String igj, String ap, String apOwnFinding) {
    }

    private static Case igjAndApEachRecordAnOwnAndASharedFinding(Tlp tlp) {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, tlp, Authority.IGJ, Authority.AP);
        String igj = investigationOf(incident.id(), "IGJ");
        String ap = investigationOf(incident.id(), "AP");
        record(igj, "IGJ", "igj-own", "AUTHORITY");
        record(igj, "IGJ", "igj-shared", "SHARED");
        String apOwn = record(ap, "AP", "ap-own", "AUTHORITY");
        record(ap, "AP", "ap-shared", "SHARED");
        return new Case(incident, igj, ap, apOwn);
    }

    private static String record(String investigation, String authority, String text, String visibility) {
        return asInvestigator(authority).body("{\"text\":\"" + text + "\",\"visibility\":\"" + visibility + "\"}")
                .post("/investigations/" + investigation + "/findings").then().statusCode(201).extract().header("Location");
    }

    private static ValidatableResponse read(RequestSpecification as, String investigation) {
        return as.get("/investigations/" + investigation).then().statusCode(200);
    }

    @Test
    void eachAuthoritySeesItsOwnFindingsAndTheOthersSharedOnesOnly() {
        Case c = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.AMBER);

        read(asInvestigator("IGJ"), c.igj()).body("findings.text", containsInAnyOrder("igj-own", "igj-shared"));
        read(asInvestigator("IGJ"), c.ap()).body("findings.text", containsInAnyOrder("ap-shared"))
                .body("findingCount", equalTo(2));
        read(asInvestigator("AP"), c.ap()).body("findings.text", containsInAnyOrder("ap-own", "ap-shared"));
        read(asInvestigator("AP"), c.igj()).body("findings.text", containsInAnyOrder("igj-shared"));

        asInvestigator("IGJ").queryParam("incidentId", c.incident().id().toString()).get("/investigations")
                .then().statusCode(200)
                .body("items.findings.text.flatten()", containsInAnyOrder("igj-own", "igj-shared", "ap-shared"));
    }

    @Test
    void anAuthorityFindingTravelsOnTheSharedTopicWithoutItsTextOrAuthor() {
        Case c = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.AMBER);

        List<ConsumerRecord<String, String>> findings = InvestigationEvents.ofType(InvestigationEvents.of(c.incident().id(),
                InvestigationEvents.atLeast(EventType.INVESTIGATION_FINDING_RECORDED, 4)),
                EventType.INVESTIGATION_FINDING_RECORDED);
        assertEquals(4, findings.size());
        for (ConsumerRecord<String, String> r : findings) {
            JsonNode finding = InvestigationEvents.assertConforms(r, c.incident().id()).get("finding");
            if (finding.get("visibility").asText().equals("AUTHORITY")) {
                assertFalse(finding.has("text"), r.value());
                assertFalse(finding.has("recordedBy"), r.value());
                assertFalse(r.value().contains("-own"), r.value());
            } else {
                assertTrue(finding.get("text").asText().endsWith("-shared"), r.value());
            }
        }
    }

    @Test
    void anAuthorityCannotReadAnotherAuthoritysOwnFindingEvenByItsAddress() {
        Case c = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.AMBER);

        asInvestigator("AP").get(c.apOwnFinding()).then().statusCode(200).body("text", equalTo("ap-own"));
        asInvestigator("IGJ").get(c.apOwnFinding()).then().statusCode(404).contentType("application/problem+json");
        as("viewer").get(c.apOwnFinding()).then().statusCode(404);
        as("analyst").get(c.apOwnFinding()).then().statusCode(404);
    }

    @Test
    void analystsCoordinateOnSharedFindingsButDoNotReadAnAuthoritysOwn() {
        Case c = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.RED);

        read(as("analyst"), c.igj()).body("findings.text", containsInAnyOrder("igj-shared"));
        read(as("analyst"), c.ap()).body("findings.text", containsInAnyOrder("ap-shared"));
        as("analyst").queryParam("incidentId", c.incident().id().toString()).get("/investigations").then()
                .body("items.findings.text.flatten()", containsInAnyOrder("igj-shared", "ap-shared"));
    }

    @Test
    void anAuthorityThatDoesNotInvestigateTheIncidentReadsNothingOfIt() {
        Case c = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.GREEN);

        asInvestigator("CSIRT").get("/investigations/" + c.igj()).then().statusCode(404)
                .contentType("application/problem+json");
        asInvestigator("CSIRT").queryParam("incidentId", c.incident().id().toString()).get("/investigations")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    void viewersReadInvestigationsWithoutFindingsAndAmberOnesWithoutFreeText() {
        Case c = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.AMBER);

        read(as("viewer"), c.igj()).body("$", not(hasKey("findings"))).body("$", not(hasKey("basis")))
                .body("status", equalTo("OPEN")).body("findingCount", equalTo(2))
                .body("incidentReference", equalTo(c.incident().reference()));

        Case green = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.GREEN);
        read(as("viewer"), green.ap()).body("$", not(hasKey("findings")))
                .body("basis", equalTo("required at triage of " + green.incident().reference()));
        as("viewer").queryParam("incidentId", green.incident().id().toString()).get("/investigations")
                .then().statusCode(200).body("items", hasSize(2)).body("items.findings", everyItem(nullValue()));
    }

    @Test
    void whenTheIncidentTurnsRedViewersLoseSightOfItsInvestigationsButItsAuthoritiesDoNot() {
        Case c = igjAndApEachRecordAnOwnAndASharedFinding(Tlp.GREEN);
        read(as("viewer"), c.igj());

        IncidentEvents.send(IncidentEvents.event(EventType.INCIDENT_UPDATED, c.incident(), IncidentEvents.snapshot(
                c.incident(), IncidentStatus.INVESTIGATING, Tlp.RED, Set.of(Authority.IGJ, Authority.AP), 3), List.of("tlp")));

        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> as("viewer").get("/investigations/" + c.igj())
                .then().statusCode(404));
        as("viewer").queryParam("incidentId", c.incident().id().toString()).get("/investigations")
                .then().statusCode(200).body("items", empty());
        read(asInvestigator("AP"), c.igj()).body("findings.text", containsInAnyOrder("igj-shared"))
                .body("assignee", nullValue());
    }
}
