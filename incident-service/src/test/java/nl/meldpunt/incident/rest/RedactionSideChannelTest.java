package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static nl.meldpunt.incident.Fixtures.report;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * No side channel around redaction: search terms, the organisation filter, counts, {@code asOf}
 * and the timeline tell a viewer nothing of an AMBER incident's words.
 */
@QuarkusTest
class RedactionSideChannelTest {

    private static String withWord(String tlp, String word) {
        return clinicalDiagnostics().replace("\"tlp\": \"AMBER\"", "\"tlp\": \"" + tlp + "\"")
                .replace("Attackers exfiltrated", "Attackers (" + word + ") exfiltrated")
                .replace("Clinical Diagnostics NMDL", "Clinical Diagnostics " + word);
    }

    @Test
    void aViewerSearchingForAWordOfAnAmberSummaryGetsNoHitAndNoCount() {
        String word = "zq" + UUID.randomUUID().toString().substring(0, 8);
        report(withWord("AMBER", word));
        as("analyst").queryParam("q", word).get("/incidents").then().statusCode(200).body("total", equalTo(1));
        as("viewer").queryParam("q", word).get("/incidents").then().statusCode(200)
                .body("total", equalTo(0)).body("items", hasSize(0));
        as("viewer").queryParam("organisation", word).get("/incidents").then().statusCode(200)
                .body("total", equalTo(0)).body("items", hasSize(0));
    }

    @Test
    void aViewerStillFindsAnAmberIncidentByItsReferenceAndAGreenOneByItsWords() {
        String word = "zq" + UUID.randomUUID().toString().substring(0, 8);
        String amber = report(withWord("AMBER", word));
        String green = report(withWord("GREEN", word));
        String reference = as("analyst").get("/incidents/" + amber).then().extract().path("reference");
        as("viewer").queryParam("q", reference).get("/incidents").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(amber)).body("items[0].summary", nullValue());
        as("viewer").queryParam("q", word).get("/incidents").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(green));
        as("viewer").queryParam("organization", word).get("/incidents").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(green));
    }

    @Test
    void asOfShowsAViewerTheStricterOfTheMarkingThenAndNow() {
        String id = report(withWord("GREEN", "asof"));
        Instant whileGreen = Instant.now();
        Awaitility.await().until(() -> Instant.now().isAfter(whileGreen));
        String etag = as("analyst").get("/incidents/" + id).then().extract().header("ETag");
        as("analyst").contentType("application/merge-patch+json").header("If-Match", etag).body("{\"tlp\":\"AMBER\"}")
                .patch("/incidents/" + id).then().statusCode(200);

        as("analyst").queryParam("asOf", whileGreen.toString()).get("/incidents/" + id).then().statusCode(200)
                .body("tlp", equalTo("GREEN")).body("summary", notNullValue());
        as("viewer").queryParam("asOf", whileGreen.toString()).get("/incidents/" + id).then().statusCode(200)
                .body("tlp", equalTo("GREEN")).body("summary", nullValue()).body("title", nullValue())
                .body("affectedOrganization.name", nullValue());
    }

    @Test
    void aViewerOfAnIncidentMarkedDownDoesNotReadWhatWasWrittenWhileItWasAmber() {
        String id = report(withWord("AMBER", "markdown"));
        String etag = as("analyst").get("/incidents/" + id).then().extract().header("ETag");
        as("analyst").contentType("application/merge-patch+json").header("If-Match", etag).body("{\"tlp\":\"GREEN\"}")
                .patch("/incidents/" + id).then().statusCode(200);

        as("viewer").get("/incidents/" + id + "/timeline").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].data.incident.summary", nullValue())
                .body("[1].data.incident.summary", containsString("markdown"));
        as("analyst").get("/incidents/" + id + "/timeline").then().statusCode(200)
                .body("data.incident.summary", everyItem(containsString("markdown")));
        as("viewer").get("/incidents/" + id + "/timeline").then()
                .body("[0].data.actor.subject", nullValue())
                .body("[0].data.incident.affectedOrganization.name", not(notNullValue()));
    }
}
