package nl.meldpunt.investigation.rest;

import static nl.meldpunt.investigation.Fixtures.as;
import static nl.meldpunt.investigation.Fixtures.asInvestigator;
import static nl.meldpunt.investigation.Fixtures.investigationOf;
import static nl.meldpunt.investigation.InvestigationEvents.assertConforms;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.investigation.Fixtures;
import nl.meldpunt.investigation.IncidentEvents;
import nl.meldpunt.investigation.IncidentEvents.Incident;
import nl.meldpunt.investigation.InvestigationEvents;

/** {@code POST /investigations}: an authority opens an investigation by hand. */
@QuarkusTest
class ManualOpeningTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String COMMISSIONED = "Commissioned by Bevolkingsonderzoek Nederland as controller";

    private static String opening(UUID incidentId, String authority) {
        return "{\"incidentId\":\"" + incidentId + "\",\"authority\":\"" + authority + "\",\"basis\":\"" + COMMISSIONED
                + "\"}";
    }

    private static Incident triaged(Authority... authorities) {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, Tlp.AMBER, authorities);
        investigationOf(incident.id(), authorities[0].name());
        return incident;
    }

    @Test
    void anIndependentInvestigatorOpensAnInvestigationForTheirOwnAuthority() {
        Incident incident = triaged(Authority.IGJ, Authority.AP);

        String location = asInvestigator("INDEPENDENT").body(opening(incident.id(), "INDEPENDENT")).post("/investigations")
                .then().statusCode(201).contentType("application/json").header("ETag", "\"1\"")
                .header("Location", matchesPattern(".*/investigations/[0-9a-f-]{36}"))
                .body("authority", equalTo("INDEPENDENT")).body("status", equalTo("OPEN"))
                .body("basis", equalTo(COMMISSIONED)).body("incidentReference", equalTo(incident.reference()))
                .extract().header("Location");
        asInvestigator("INDEPENDENT").get(location).then().statusCode(200).body("authority", equalTo("INDEPENDENT"));
        // Now that it investigates the incident, it reads the other authorities' investigations into it too.
        asInvestigator("INDEPENDENT").get("/investigations/" + investigationOf(incident.id(), "IGJ")).then().statusCode(200);

        List<ConsumerRecord<String, String>> events = InvestigationEvents.of(incident.id(),
                records -> InvestigationEvents.ofType(records, EventType.INVESTIGATION_OPENED).stream()
                        .anyMatch(r -> r.value().contains("INDEPENDENT")));
        JsonNode opened = assertConforms(events.get(events.size() - 1), incident.id());
        assertEquals("investigator@independent.meldpunt.local", opened.at("/actor/subject").asText());
        assertEquals(COMMISSIONED, opened.at("/investigation/basis").asText());
    }

    @Test
    void anInvestigatorCannotOpenForAnotherAuthorityButAnAnalystMayForAny() {
        Incident incident = triaged(Authority.IGJ);

        asInvestigator("AP").body(opening(incident.id(), "CSIRT")).post("/investigations")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("CSIRT"));
        as("viewer").body(opening(incident.id(), "CSIRT")).post("/investigations").then().statusCode(403);
        as("analyst").body(opening(incident.id(), "CSIRT")).post("/investigations")
                .then().statusCode(201).body("authority", equalTo("CSIRT"));
    }

    @Test
    void anAuthorityThatAlreadyInvestigatesTheIncidentGets409() {
        Incident incident = triaged(Authority.AP);

        asInvestigator("AP").body(opening(incident.id(), "AP")).post("/investigations")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("AP already investigates"))
                .body("errors.field", contains("authority"));
        assertEquals(1, Fixtures.investigations(incident.id()).size());
    }

    @Test
    void aReopenedIncidentCanBeInvestigatedAgainByAnAuthorityWhoseInvestigationConcluded() {
        Incident incident = triaged(Authority.IGJ);
        String first = investigationOf(incident.id(), "IGJ");
        asInvestigator("IGJ").body("{\"assignee\":\"inspector@igj.meldpunt.local\"}").post("/investigations/" + first + "/assign")
                .then().statusCode(200);
        asInvestigator("IGJ").body("{\"outcome\":\"RECOMMENDATIONS\",\"summary\":\"first round\"}")
                .post("/investigations/" + first + "/conclude").then().statusCode(200);
        IncidentEvents.send(IncidentEvents.event(EventType.INCIDENT_RESOLVED, incident,
                IncidentEvents.snapshot(incident, IncidentStatus.RESOLVED, Tlp.AMBER, Set.of(Authority.IGJ), 4)));
        IncidentEvents.send(IncidentEvents.event(EventType.INCIDENT_REOPENED, incident,
                IncidentEvents.snapshot(incident, IncidentStatus.INVESTIGATING, Tlp.AMBER, Set.of(Authority.IGJ), 5)));

        String second = await().atMost(Fixtures.PATIENCE).until(() -> asInvestigator("IGJ")
                .body(opening(incident.id(), "IGJ")).post("/investigations").then().extract(),
                r -> r.statusCode() == 201).path("id");
        asInvestigator("IGJ").body(opening(incident.id(), "IGJ")).post("/investigations")
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("IGJ already investigates"));
        asInvestigator("IGJ").queryParam("incidentId", incident.id().toString()).get("/investigations").then()
                .statusCode(200).body("items.id", containsInAnyOrder(first, second))
                .body("items.status", containsInAnyOrder("CONCLUDED", "OPEN"));
    }

    @Test
    void anIncidentThisServiceDoesNotKnowGets422() {
        as("analyst").body(opening(UUID.randomUUID(), "IGJ")).post("/investigations")
                .then().statusCode(422).contentType(PROBLEM).body("errors.field", contains("incidentId"));
    }

    @Test
    void anIncidentThatIsNotYetTriagedOrAlreadyResolvedGets409() {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.send(IncidentEvents.event(EventType.INCIDENT_REPORTED, incident,
                IncidentEvents.snapshot(incident, IncidentStatus.REPORTED, Tlp.GREEN, null, 1)));
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> as("analyst").body(opening(incident.id(), "AP"))
                .post("/investigations").then().statusCode(409).body("detail", containsString("must be triaged")));

        Incident resolved = triaged(Authority.IGJ);
        IncidentEvents.send(IncidentEvents.event(EventType.INCIDENT_RESOLVED, resolved,
                IncidentEvents.snapshot(resolved, IncidentStatus.RESOLVED, Tlp.AMBER, Set.of(Authority.IGJ), 4)));
        await().atMost(Fixtures.PATIENCE).untilAsserted(() -> as("analyst").body(opening(resolved.id(), "AP"))
                .post("/investigations").then().statusCode(409).body("detail", containsString("reopen it")));
    }

    @Test
    void anOpeningNamesTheIncidentAValidAuthorityAndItsBasis() {
        Incident incident = triaged(Authority.IGJ);

        as("analyst").body("{\"incidentId\":\"" + incident.id() + "\",\"authority\":\"AP\"}").post("/investigations")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("basis"));
        as("analyst").body("{\"authority\":\"AP\",\"basis\":\"x\"}").post("/investigations")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("incidentId"));
        as("analyst").body("{\"incidentId\":\"" + incident.id() + "\",\"authority\":\"DNB\",\"basis\":\"x\"}")
                .post("/investigations").then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("authority"));
        as("analyst").body("{\"incidentId\":\"INC-2025-1\",\"authority\":\"AP\",\"basis\":\"x\"}")
                .post("/investigations").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", contains("incidentId"));
        as("analyst").queryParam("status", "PAUSED").get("/investigations")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("status"));
        as("analyst").queryParam("incidentId", "INC-2025-1").get("/investigations")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("incidentId"));
    }

    @Test
    void theListFiltersByIncidentAuthorityAndStatusNewestFirst() {
        Incident incident = triaged(Authority.IGJ, Authority.AP, Authority.CSIRT);
        String ap = investigationOf(incident.id(), "AP");
        String csirt = investigationOf(incident.id(), "CSIRT");
        String igj = investigationOf(incident.id(), "IGJ");
        String independent = as("analyst").body(opening(incident.id(), "INDEPENDENT")).post("/investigations")
                .then().statusCode(201).extract().path("id");
        asInvestigator("AP").body("{\"assignee\":\"investigator@ap.meldpunt.local\"}")
                .post("/investigations/" + ap + "/assign").then().statusCode(200);

        as("analyst").queryParam("incidentId", incident.id().toString()).get("/investigations")
                .then().statusCode(200).body("items.id[0]", equalTo(independent)).body("items.size()", equalTo(4));
        as("analyst").queryParam("incidentId", incident.id().toString()).queryParam("status", "IN_PROGRESS")
                .get("/investigations").then().statusCode(200).body("items.id", contains(ap));
        as("analyst").queryParam("incidentId", incident.id().toString()).queryParam("authority", "csirt")
                .get("/investigations").then().statusCode(200).body("items.id", contains(csirt));
        as("analyst").queryParam("incidentId", incident.id().toString()).queryParam("size", 1).queryParam("page", 1)
                .get("/investigations").then().statusCode(200).body("items.size()", equalTo(1));
        as("analyst").queryParam("size", 0).get("/investigations").then().statusCode(400).body("errors.field", contains("size"));
        asInvestigator("IGJ").queryParam("authority", "IGJ").queryParam("incidentId", incident.id().toString())
                .get("/investigations").then().statusCode(200).body("items.id", contains(igj));
    }
}
