package nl.meldpunt.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.localstack.SharedStack;

/** Authenticated requests and the reads most tests need. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String role) {
        return given().auth().oauth2(SharedStack.token(role)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asInvestigator(String authority) {
        return given().auth().oauth2(SharedStack.token("investigator", authority)).contentType(ContentType.JSON);
    }

    public static List<Map<String, Object>> obligations(UUID incidentId) {
        return as("analyst").queryParam("incidentId", incidentId.toString()).get("/obligations")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** Waits until the incident's events have opened this many obligations. */
    public static List<Map<String, Object>> awaitObligations(UUID incidentId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> obligations(incidentId).size() == count);
        return obligations(incidentId);
    }

    public static Map<String, Object> obligation(UUID incidentId, String kind) {
        return obligations(incidentId).stream().filter(o -> kind.equals(o.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " for incident " + incidentId));
    }

    public static String id(UUID incidentId, String kind) {
        return (String) obligation(incidentId, kind).get("id");
    }
}
