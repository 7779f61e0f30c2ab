package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static nl.meldpunt.incident.Fixtures.report;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.localstack.SharedStack;
import io.restassured.http.ContentType;

/** Every kind of bad input gets a problem+json that names the field and the reason. */
@QuarkusTest
class BadInputTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void anUnknownFieldIsRejectedWithItsName() {
        String body = clinicalDiagnostics().replaceFirst("\\{", "{\"status\":\"CLOSED\",");
        as("analyst").body(body).post("/incidents").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("status"))
                .body("errors.reason", hasItem(containsString("not a known field")));
    }

    @Test
    void aNestedUnknownFieldIsNamedWithItsPath() {
        String body = clinicalDiagnostics().replace("\"kind\": \"LABORATORY\",", "\"kind\": \"LABORATORY\", \"size\": 3,");
        as("analyst").body(body).post("/incidents").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("affectedOrganization.size"));
    }

    @Test
    void aWrongEnumValueIsRejectedListingTheAllowedValues() {
        String body = clinicalDiagnostics().replace("\"severity\": \"CRITICAL\"", "\"severity\": \"APOCALYPTIC\"");
        as("analyst").body(body).post("/incidents").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("severity"))
                .body("errors[0].reason", containsString("LOW, MEDIUM, HIGH, CRITICAL"));
    }

    @Test
    void aMalformedDateIsRejectedWithItsField() {
        String body = clinicalDiagnostics().replace("\"awareAt\": \"2025-07-06T08:00:00Z\"", "\"awareAt\": \"6 juli 2025\"");
        as("analyst").body(body).post("/incidents").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("awareAt"))
                .body("errors[0].reason", containsString("ISO-8601"));
    }

    @Test
    void missingRequiredFieldsAreAllReportedAtOnce() {
        as("analyst").body("{\"summary\":\"only a summary\"}").post("/incidents").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItems("title", "category", "severity", "tlp", "awareAt", "affectedOrganization"));
    }

    @Test
    void aFutureAwarenessIsRejected() {
        String body = clinicalDiagnostics().replace("\"awareAt\": \"2025-07-06T08:00:00Z\"", "\"awareAt\": \"2999-01-01T00:00:00Z\"");
        as("analyst").body(body).post("/incidents").then().statusCode(400)
                .body("errors.field", hasItem("awareAt"));
    }

    @Test
    void aBodyOver64KibIsRejectedWith413() {
        String big = "x".repeat(70 * 1024);
        String body = clinicalDiagnostics().replace("\"summary\": \"", "\"summary\": \"" + big);
        as("analyst").body(body).post("/incidents").then().statusCode(413).contentType(PROBLEM)
                .body("errors[0].field", equalTo("body"));
    }

    @TestHTTPResource("/incidents")
    URI incidents;

    /** Sent as chunks without a Content-Length, the way IntakeBodyReader leaves to Quarkus REST's own reading. */
    private HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(incidents).header("Authorization", "Bearer " + SharedStack.token("analyst"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReportSentInChunksWithoutADeclaredLengthIsAccepted() throws Exception {
        HttpResponse<String> response = postChunked(clinicalDiagnostics());
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"status\":\"REPORTED\""), response.body());
    }

    @Test
    void aBodyOver64KibSentInChunksWithoutADeclaredLengthIsRejectedWith413AsWell() throws Exception {
        String big = "x".repeat(70 * 1024);
        HttpResponse<String> response = postChunked(clinicalDiagnostics().replace("\"summary\": \"", "\"summary\": \"" + big));
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"field\":\"body\""), response.body());
    }

    @Test
    void aReportThatWaitsFor100ContinueBeforeSendingItsBodyIsAccepted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(incidents).expectContinue(true).timeout(java.time.Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + SharedStack.token("analyst")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(clinicalDiagnostics())).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
    }

    @Test
    void aBodyThatIsNotJsonGets415() {
        as("analyst").contentType(ContentType.TEXT).body("title=hack").post("/incidents").then().statusCode(415)
                .contentType(PROBLEM).body("errors[0].field", equalTo("Content-Type"));
    }

    @Test
    void brokenJsonGets400() {
        as("analyst").body("{\"title\": ").post("/incidents").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void hostileStringsAreStoredAndReturnedVerbatim() {
        String sql = "Robert'); DROP TABLE incident;--";
        String html = "<script>alert('x')</script> & <b>bold</b>";
        String unicode = "Zoë 🧪 Ωmega ".repeat(20) + "\u202Eevil";
        String body = clinicalDiagnostics()
                .replace("\"title\": \"Ransomware and data theft at Clinical Diagnostics laboratory\"",
                        "\"title\": " + json(sql))
                .replace("\"summary\": \"Attackers exfiltrated patient data of the national cervical-cancer screening programme.\"",
                        "\"summary\": " + json(html + unicode));
        String id = report(body);
        as("analyst").get("/incidents/" + id).then().statusCode(200)
                .body("title", equalTo(sql)).body("summary", equalTo(html + unicode));
        // The search parameter is bound, not concatenated: the quote and wildcard characters match literally.
        as("analyst").queryParam("q", "Robert'); DROP").get("/incidents").then().statusCode(200)
                .body("items.id", hasItem(id));
        as("analyst").get("/incidents").then().statusCode(200);
    }

    @Test
    void anUnknownQueryEnumIsRejectedWithItsName() {
        as("analyst").queryParam("status", "SOLVED").get("/incidents").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void aPatchCannotTouchLifecycleFields() {
        String id = report();
        as("analyst").contentType("application/merge-patch+json").body("{\"status\":\"CLOSED\"}").patch("/incidents/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        as("analyst").contentType("application/merge-patch+json").body("{\"tlp\":\"PURPLE\"}").patch("/incidents/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("tlp"));
        as("analyst").contentType("application/merge-patch+json").body("{\"colour\":\"red\"}").patch("/incidents/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("colour"));
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
