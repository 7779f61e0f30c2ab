package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static nl.meldpunt.incident.Fixtures.report;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class IncidentLifecycleApiTest {

    @Test
    void aRepeatedPostWithTheSameIdempotencyKeyReturnsTheFirstIncident() {
        String key = UUID.randomUUID().toString();
        String first = as("analyst").header("Idempotency-Key", key).body(clinicalDiagnostics()).post("/incidents")
                .then().statusCode(201).extract().path("id");
        String second = as("analyst").header("Idempotency-Key", key).body(clinicalDiagnostics()).post("/incidents")
                .then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", containsString(first)).extract().path("id");
        assertEquals(first, second);
        // One incident, one event: the replay changed nothing.
        as("analyst").get("/incidents/" + first + "/timeline").then().body("$", hasSize(1));
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyGets422() {
        String key = UUID.randomUUID().toString();
        as("analyst").header("Idempotency-Key", key).body(clinicalDiagnostics()).post("/incidents").then().statusCode(201);
        as("analyst").header("Idempotency-Key", key).body(clinicalDiagnostics().replace("CRITICAL", "HIGH"))
                .post("/incidents").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void differentKeysCreateDifferentIncidents() {
        String a = as("analyst").header("Idempotency-Key", UUID.randomUUID().toString()).body(clinicalDiagnostics())
                .post("/incidents").then().statusCode(201).extract().path("id");
        String b = as("analyst").header("Idempotency-Key", UUID.randomUUID().toString()).body(clinicalDiagnostics())
                .post("/incidents").then().statusCode(201).extract().path("id");
        assertNotEquals(a, b);
    }

    @Test
    void aStaleIfMatchGets412AndChangesNothing() {
        String id = report();
        as("analyst").header("If-Match", "\"1\"").contentType("application/merge-patch+json")
                .body("{\"personalData\":{\"estimatedDataSubjects\":715000}}").patch("/incidents/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("personalData.estimatedDataSubjects", equalTo(715000))
                .body("personalData.involved", equalTo(true));
        as("analyst").header("If-Match", "\"1\"").body("{}").post("/incidents/" + id + "/triage")
                .then().statusCode(412).contentType("application/problem+json")
                .body("errors[0].field", equalTo("If-Match"));
        as("analyst").get("/incidents/" + id).then().body("status", equalTo("REPORTED")).body("version", equalTo(2));
    }

    @Test
    void triageWithoutAuthoritiesAppliesTheRoutingRules() {
        String id = report();
        // personal data -> AP; healthcare and CRITICAL -> IGJ; essential entity -> CSIRT
        as("analyst").header("If-Match", "\"1\"").body("{}").post("/incidents/" + id + "/triage").then().statusCode(200)
                .body("status", equalTo("TRIAGED"))
                .body("requiredAuthorities", containsInAnyOrder("AP", "IGJ", "CSIRT"));
    }

    @Test
    void triageCanLowerTheSeverityAndNameTheAuthorities() {
        String id = report();
        as("analyst").body("{\"severity\":\"HIGH\",\"requiredAuthorities\":[\"IGJ\",\"AP\"]}")
                .post("/incidents/" + id + "/triage").then().statusCode(200)
                .body("severity", equalTo("HIGH")).body("requiredAuthorities", containsInAnyOrder("IGJ", "AP"));
    }

    @Test
    void aTriageRationaleIsRecordedInTheEventAndTheTimeline() {
        String id = report();
        as("analyst").body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"],\"rationale\":\"Health data of screening participants\"}")
                .post("/incidents/" + id + "/triage").then().statusCode(200);
        as("analyst").get("/incidents/" + id + "/timeline").then().statusCode(200)
                .body("[1].type", equalTo("incident.triaged"))
                .body("[1].data.reason", equalTo("Health data of screening participants"));
        as("analyst").body("{\"rationale\":\"" + "x".repeat(5001) + "\"}").post("/incidents/" + report() + "/triage")
                .then().statusCode(400).body("errors[0].field", equalTo("rationale"));
    }

    @Test
    void closingATriagedIncidentThatAwaitsInvestigationsGets409() {
        String id = report();
        as("analyst").body("{\"requiredAuthorities\":[\"AP\"]}").post("/incidents/" + id + "/triage").then().statusCode(200);
        as("analyst").body("{}").post("/incidents/" + id + "/close").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("required authorities"));
    }

    @Test
    void aRejectedIncidentCannotBeChangedTriagedOrReopened() {
        String id = report();
        as("analyst").body("{\"reason\":\"duplicate of INC-2025-000001\"}").post("/incidents/" + id + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED"));
        as("analyst").body("{}").post("/incidents/" + id + "/triage").then().statusCode(409);
        as("analyst").body("{\"reason\":\"mistake\"}").post("/incidents/" + id + "/reopen").then().statusCode(409);
        as("analyst").contentType("application/merge-patch+json").body("{\"title\":\"x\"}").patch("/incidents/" + id)
                .then().statusCode(409);
    }

    @Test
    void rejectAndReopenNeedAReason() {
        String id = report();
        as("analyst").body("{}").post("/incidents/" + id + "/reject").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
    }

    @Test
    void aClosedIncidentCanBeReopenedWithAReason() {
        String id = report();
        as("analyst").body("{\"requiredAuthorities\":[]}").post("/incidents/" + id + "/triage").then().statusCode(200);
        as("analyst").body("{}").post("/incidents/" + id + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));
        as("analyst").body("{\"reason\":\"new evidence of exfiltration\"}").post("/incidents/" + id + "/reopen")
                .then().statusCode(200).body("status", equalTo("INVESTIGATING"));
    }

    @Test
    void anUnknownIncidentGets404() {
        as("analyst").get("/incidents/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        as("analyst").body("{}").post("/incidents/" + UUID.randomUUID() + "/triage").then().statusCode(404);
    }

    @Test
    void theListFiltersByStatusAndPagesWithACursor() {
        String org = "Paging Lab " + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            report(clinicalDiagnostics().replace("Clinical Diagnostics NMDL", org));
        }
        var page1 = as("analyst").queryParam("organization", org).queryParam("size", 2).get("/incidents").then()
                .statusCode(200).body("items", hasSize(2)).body("total", equalTo(3)).extract();
        String cursor = page1.path("nextCursor");
        as("analyst").queryParam("organization", org).queryParam("size", 2).queryParam("cursor", cursor).get("/incidents")
                .then().statusCode(200).body("items", hasSize(1)).body("nextCursor", equalTo(null))
                .body("items[0].id", not(equalTo(page1.path("items[0].id"))));
        as("analyst").queryParam("organization", org).queryParam("status", "TRIAGED").get("/incidents").then()
                .body("items", hasSize(0));
        as("analyst").queryParam("organization", org).queryParam("page", 1).queryParam("size", 2).get("/incidents").then()
                .body("items", hasSize(1)).body("page", equalTo(1));
    }
}
