package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class IncidentIntakeTest {

    @Test
    void anAnalystReportsAnIncidentAndGetsItBackWithLocationAndEtag() {
        String location = as("analyst").body(clinicalDiagnostics()).post("/incidents")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/incidents/[0-9a-f-]{36}"))
                .header("ETag", "\"1\"")
                .body("status", equalTo("REPORTED"))
                .body("reference", matchesPattern("INC-\\d{4}-\\d{6}"))
                .body("reportedBy.subject", equalTo("analyst@meldpunt.local"))
                .body("reportedBy.organisation", equalTo("Z-CERT"))
                .body("personalData.estimatedDataSubjects", equalTo(485000))
                .extract().header("Location");
        as("analyst").get(location).then().statusCode(200).header("ETag", "\"1\"")
                .body("title", startsWith("Ransomware"));
    }

    @Test
    void withoutATokenTheApiAnswers401AsProblemJson() {
        RestAssured.given().get("/incidents").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void aViewerCannotReportAnIncident() {
        as("viewer").body(clinicalDiagnostics()).post("/incidents").then().statusCode(403)
                .contentType("application/problem+json").body("type", notNullValue());
    }

    @Test
    void healthAndOpenApiNeedNoToken() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void prometheusMetricsReportTheOutboxBacklogAndRelayLag() {
        as("analyst").body(clinicalDiagnostics()).post("/incidents").then().statusCode(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> RestAssured.given()
                .get("/q/metrics").then().extract().asString().contains("meldpunt_outbox_relay_lag_seconds_count"));
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("meldpunt_outbox_backlog"), "backlog gauge");
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("meldpunt_outbox_oldest_age_seconds"), "age gauge");
    }
}
