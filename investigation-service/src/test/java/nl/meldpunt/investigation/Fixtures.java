package nl.meldpunt.investigation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.localstack.SharedStack;

/** Authenticated request builders, and waits on what the service learns from Kafka. */
public final class Fixtures {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private Fixtures() {
    }

    public static RequestSpecification as(String role) {
        return given().auth().oauth2(SharedStack.token(role)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asInvestigator(String authority) {
        return given().auth().oauth2(SharedStack.token("investigator", authority)).contentType(ContentType.JSON);
    }

    /** The investigations into the incident as an analyst sees them, once there are {@code count}. */
    public static List<Map<String, Object>> awaitInvestigations(UUID incidentId, int count) {
        return await().atMost(PATIENCE).until(() -> investigations(incidentId), list -> list.size() == count);
    }

    public static List<Map<String, Object>> investigations(UUID incidentId) {
        return as("analyst").queryParam("incidentId", incidentId.toString()).get("/investigations")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** The id of the authority's investigation into the incident, waiting until it is open. */
    public static String investigationOf(UUID incidentId, String authority) {
        return await().atMost(PATIENCE).until(() -> investigations(incidentId).stream()
                .filter(i -> authority.equals(i.get("authority"))).map(i -> (String) i.get("id")).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }
}
