package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static nl.meldpunt.incident.Fixtures.report;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The API shape of docs/api.md as incident-service follows it. */
@QuarkusTest
class ApiShapeTest {

    private static final String PROBLEM = "application/problem+json";

    private static String named(String word) {
        return clinicalDiagnostics().replace("Clinical Diagnostics NMDL", "Clinical Diagnostics " + word);
    }

    @Test
    void anIncidentIsReadChangedAndTracedByItsReferenceInAnyCaseAsByItsId() {
        String id = report();
        String reference = as("analyst").get("/incidents/" + id).then().extract().path("reference");
        as("analyst").get("/incidents/" + reference).then().statusCode(200).body("id", equalTo(id))
                .header("ETag", "\"1\"");
        as("analyst").get("/incidents/" + reference.toLowerCase(Locale.ROOT)).then().statusCode(200).body("id", equalTo(id));
        as("analyst").header("If-Match", "\"1\"").body("{\"requiredAuthorities\":[\"AP\"]}")
                .post("/incidents/" + reference + "/triage").then().statusCode(200).body("status", equalTo("TRIAGED"));
        as("analyst").get("/incidents/" + reference + "/timeline").then().statusCode(200)
                .body("type", contains("incident.reported", "incident.triaged"));
        as("analyst").get("/incidents/" + reference + "/timeline/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void aHiddenIncidentIsA404ByReferenceExactlyLikeAReferenceNoIncidentHas() {
        String red = report(clinicalDiagnostics().replace("\"tlp\": \"AMBER\"", "\"tlp\": \"RED\""));
        String reference = as("analyst").get("/incidents/" + red).then().extract().path("reference");
        String hidden = as("viewer").get("/incidents/" + reference).then().statusCode(404).contentType(PROBLEM)
                .extract().path("detail");
        String unknown = "INC-1999-999999";
        String none = as("viewer").get("/incidents/" + unknown).then().statusCode(404).contentType(PROBLEM)
                .extract().path("detail");
        org.junit.jupiter.api.Assertions.assertEquals(none.replace(unknown, reference), hidden);
        as("viewer").get("/incidents/" + reference + "/timeline").then().statusCode(404).body("detail", equalTo(hidden));
        org.junit.jupiter.api.Assertions.assertFalse(hidden.contains(red), "the 404 must not name the hidden id");
    }

    @Test
    void aMalformedIdInThePathIsAProblem404NamingTheParameter() {
        as("analyst").get("/incidents/not-a-uuid").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("errors[0].field", equalTo("id"));
        as("analyst").body("{\"reason\":\"x\"}").post("/incidents/null/reject").then().statusCode(404).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void anUnknownPathIsAProblem404() {
        as("analyst").get("/nope").then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("instance", equalTo("/nope"));
        as("analyst").get("/incidents/" + UUID.randomUUID() + "/nope").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void sinceAcceptsADateAloneAsTheStartOfThatDayInUtcAndEveryOtherIsoForm() {
        String word = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String id = report(named(word));
        for (String since : new String[] {"2000-01-01", "2000-01-01T00:00", "2000-01-01T00:00:00Z",
                "2000-01-01T01:00:00+01:00"}) {
            as("analyst").queryParam("organization", word).queryParam("since", since).get("/incidents").then()
                    .statusCode(200).body("items.id", contains(id)).body("total", equalTo(1));
        }
        as("analyst").queryParam("organization", word).queryParam("since", "2999-01-01").get("/incidents").then()
                .statusCode(200).body("items", hasSize(0)).body("total", equalTo(0));
        as("analyst").queryParam("since", "1 January").get("/incidents").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("since"));
        // asOf a day before it was reported: it did not exist yet.
        as("analyst").queryParam("asOf", "2000-01-01").get("/incidents/" + id).then().statusCode(404);
        as("analyst").queryParam("asOf", "2999-01-01").get("/incidents/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void theOldOrganisationFilterStillWorksAndTwoDifferentSpellingsAreRefused() {
        String word = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String id = report(named(word));
        as("analyst").queryParam("organisation", word).get("/incidents").then().statusCode(200).body("items.id", contains(id));
        as("analyst").queryParam("organization", word).queryParam("organisation", word).get("/incidents").then()
                .statusCode(200).body("items.id", contains(id));
        as("analyst").queryParam("organization", word).queryParam("organisation", "other").get("/incidents").then()
                .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("organization"));
    }

    @Test
    void theListEnvelopePagesByNumberAndByCursorAndRefusesBoth() {
        String word = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String first = report(named(word));
        String second = report(named(word));
        String third = report(named(word));
        String cursor = as("analyst").queryParam("organization", word).queryParam("size", 2).get("/incidents").then()
                .statusCode(200).body("items.id", contains(third, second)).body("total", equalTo(3))
                .body("size", equalTo(2)).body("page", equalTo(0)).body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        // A report arriving meanwhile sorts before the cursor and shifts nothing on the next page.
        report(named(word));
        as("analyst").queryParam("organization", word).queryParam("size", 2).queryParam("cursor", cursor).get("/incidents")
                .then().statusCode(200).body("items.id", contains(first)).body("total", equalTo(4))
                .body("page", nullValue()).body("nextCursor", nullValue());
        as("analyst").queryParam("page", 0).queryParam("cursor", cursor).get("/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        as("analyst").queryParam("cursor", "garbage").get("/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        as("analyst").queryParam("page", -1).get("/incidents").then().statusCode(400).body("errors[0].field", equalTo("page"));
        as("analyst").queryParam("size", 0).get("/incidents").then().statusCode(400).body("errors[0].field", equalTo("size"));
        as("analyst").queryParam("organization", word).get("/incidents").then().body("items.id", hasItem(first))
                .body("items.id", not(hasItem("x")));
    }
}
