package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.asInvestigator;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static nl.meldpunt.incident.Fixtures.report;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Roles, the investigator's authority and TLP decide what a caller reads. */
@QuarkusTest
class AccessTest {

    @Test
    void aViewerSeesAnAmberIncidentRedacted() {
        String id = report(); // TLP:AMBER
        as("viewer").get("/incidents/" + id).then().statusCode(200)
                .body("reference", org.hamcrest.Matchers.startsWith("INC-"))
                .body("status", equalTo("REPORTED")).body("severity", equalTo("CRITICAL"))
                .body("affectedOrganization.kind", equalTo("LABORATORY"))
                .body("affectedOrganization.name", nullValue())
                .body("title", nullValue()).body("summary", nullValue()).body("personalData", nullValue());
    }

    @Test
    void aViewerSeesAGreenIncidentInFull() {
        String id = report(clinicalDiagnostics().replace("\"tlp\": \"AMBER\"", "\"tlp\": \"GREEN\""));
        as("viewer").get("/incidents/" + id).then().statusCode(200).body("title", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aRedIncidentDoesNotExistForAViewerNotEvenByName() {
        String id = report(clinicalDiagnostics().replace("\"tlp\": \"AMBER\"", "\"tlp\": \"RED\""));
        String reference = as("analyst").get("/incidents/" + id).then().extract().path("reference");
        as("viewer").get("/incidents/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("detail", not(org.hamcrest.Matchers.containsString(reference)))
                .body("detail", not(org.hamcrest.Matchers.containsString("RED")));
        as("viewer").get("/incidents/" + id + "/timeline").then().statusCode(404);
        as("viewer").queryParam("size", 200).get("/incidents").then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void anInvestigatorReadsOnlyIncidentsTheirAuthorityInvestigates() {
        String id = report(clinicalDiagnostics().replace("\"tlp\": \"AMBER\"", "\"tlp\": \"RED\""));
        as("analyst").body("{\"requiredAuthorities\":[\"AP\"]}").post("/incidents/" + id + "/triage").then().statusCode(200);
        asInvestigator("AP").get("/incidents/" + id).then().statusCode(200).body("title", org.hamcrest.Matchers.notNullValue());
        asInvestigator("IGJ").get("/incidents/" + id).then().statusCode(404);
        asInvestigator("AP").queryParam("size", 200).get("/incidents").then().body("items.id", hasItem(id));
        asInvestigator("IGJ").queryParam("size", 200).get("/incidents").then().body("items.id", not(hasItem(id)));
    }

    @Test
    void onlyAnalystsChangeIncidents() {
        String id = report();
        asInvestigator("AP").body("{}").post("/incidents/" + id + "/triage").then().statusCode(403);
        as("viewer").contentType("application/merge-patch+json").body("{\"title\":\"x\"}").patch("/incidents/" + id)
                .then().statusCode(403);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        String forged = new nl.meldpunt.localstack.Tokens(nl.meldpunt.localstack.SigningKeys.generate()).mint("analyst", null);
        RestAssured.given().auth().oauth2(forged).get("/incidents").then().statusCode(401);
    }

    @Test
    void reportedByComesFromTheTokenNeverFromTheBody() {
        String body = clinicalDiagnostics().replaceFirst("\\{", "{\"reportedBy\":{\"subject\":\"mallory\",\"organisation\":\"x\"},");
        as("analyst").body(body).post("/incidents").then().statusCode(400).body("errors[0].field", equalTo("reportedBy"));
    }
}
