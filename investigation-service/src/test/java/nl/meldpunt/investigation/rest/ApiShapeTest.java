package nl.meldpunt.investigation.rest;

import static nl.meldpunt.investigation.Fixtures.as;
import static nl.meldpunt.investigation.Fixtures.awaitInvestigations;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.investigation.IncidentEvents;
import nl.meldpunt.investigation.IncidentEvents.Incident;

/** The API shape of docs/api.md as investigation-service follows it. */
@QuarkusTest
class ApiShapeTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void theListIsAnEnvelopeThatPagesByCursorToTheEnd() {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, Tlp.AMBER, Authority.IGJ, Authority.AP, Authority.CSIRT);
        List<Map<String, Object>> all = awaitInvestigations(incident.id(), 3);

        String cursor = as("analyst").queryParam("incidentId", incident.id().toString()).queryParam("size", 2)
                .get("/investigations").then().statusCode(200)
                .body("items", hasSize(2)).body("total", equalTo(3)).body("size", equalTo(2)).body("page", equalTo(0))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        List<Object> seen = new ArrayList<>(as("analyst").queryParam("incidentId", incident.id().toString())
                .queryParam("size", 2).get("/investigations").then().extract().jsonPath().getList("items.id"));
        seen.addAll(as("analyst").queryParam("incidentId", incident.id().toString()).queryParam("size", 2)
                .queryParam("cursor", cursor).get("/investigations").then().statusCode(200)
                .body("items", hasSize(1)).body("total", equalTo(3)).body("page", nullValue())
                .body("nextCursor", nullValue()).extract().jsonPath().getList("items.id"));
        assertEquals(all.stream().map(i -> i.get("id")).sorted().toList(), seen.stream().sorted().toList());
        as("analyst").queryParam("page", 1).queryParam("cursor", cursor).get("/investigations").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void theListFiltersByTheIncidentsReferenceAsByItsId() {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, Tlp.AMBER, Authority.IGJ, Authority.AP);
        awaitInvestigations(incident.id(), 2);
        as("analyst").queryParam("incidentId", incident.reference().toLowerCase(Locale.ROOT)).get("/investigations").then()
                .statusCode(200).body("items.authority", containsInAnyOrder("IGJ", "AP")).body("total", equalTo(2));
        as("analyst").queryParam("incidentId", "INC-1999-999999").get("/investigations").then()
                .statusCode(200).body("items", hasSize(0)).body("total", equalTo(0));
    }

    @Test
    void aMalformedIdInThePathIsAProblem404NamingTheParameter() {
        as("analyst").body("{\"assignee\":\"x\"}").post("/investigations/null/assign").then().statusCode(404)
                .contentType(PROBLEM).body("errors[0].field", equalTo("id"));
        as("analyst").get("/investigations/not-a-uuid").then().statusCode(404).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
        as("analyst").get("/investigations/" + java.util.UUID.randomUUID() + "/findings/x").then().statusCode(404)
                .contentType(PROBLEM).body("errors[0].field", equalTo("findingId"));
        // An empty id, as a client sends with an unset variable: still problem+json.
        as("analyst").body("{\"assignee\":\"x\"}").post("/investigations//assign").then().statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void anUnknownPathIsAProblem404() {
        as("analyst").get("/nope").then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
    }
}
