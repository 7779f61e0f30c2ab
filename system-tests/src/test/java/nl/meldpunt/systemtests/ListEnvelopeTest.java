package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Every list endpoint of the three running services answers the one envelope of docs/api.md
 * ("Lists"): an object with items, total and size, never a bare array, and its cursor leads
 * through every item once. A new list endpoint belongs in {@link #LISTS}.
 */
@ExtendWith(RunningPlatform.class)
class ListEnvelopeTest {

    private static final Duration PROPAGATION = Duration.ofSeconds(90);

    /** Every list endpoint of the platform: the service and the path. */
    private static final List<Map.Entry<Service, String>> LISTS = List.of(
            Map.entry(Service.INCIDENT, "/incidents"),
            Map.entry(Service.INVESTIGATION, "/investigations"),
            Map.entry(Service.NOTIFICATION, "/obligations"));

    @Test
    void everyListEndpointAnswersTheEnvelopeAndItsCursorLeadsThroughEveryItemOnce() throws IOException {
        String id = analyst(Service.INCIDENT)
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents").then().statusCode(201).extract().path("id");
        analyst(Service.INCIDENT).body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"]}").post("/incidents/{id}/triage", id)
                .then().statusCode(200);
        // Each list holds at least two items once the events have travelled.
        for (Map.Entry<Service, String> list : LISTS) {
            await(list.getValue() + " holds two items").atMost(PROPAGATION).until(() -> total(list, Map.of()) >= 2);
        }

        for (Map.Entry<Service, String> list : LISTS) {
            String where = list.getKey() + " " + list.getValue();
            Map<String, Object> first = envelope(list, Map.of("size", "1"), where);
            assertEquals(0, first.get("page"), where + ": page of a numbered page");
            String cursor = (String) first.get("nextCursor");
            assertNotNull(cursor, where + ": nextCursor while more items follow");

            // Follow the cursor a few pages: no item twice, page absent, total unchanged meanwhile or growing.
            List<Object> seen = new ArrayList<>(items(first));
            for (int i = 0; i < 3 && cursor != null; i++) {
                Map<String, Object> next = envelope(list, Map.of("size", "1", "cursor", cursor), where);
                assertTrue(!next.containsKey("page"), where + ": no page number when paging by cursor");
                seen.addAll(items(next));
                cursor = (String) next.get("nextCursor");
            }
            assertEquals(seen.size(), new HashSet<>(seen).size(), where + ": an item came twice: " + seen);

            given().baseUri(list.getKey().url()).auth().oauth2(SharedStack.token("analyst"))
                    .queryParam("page", 0).queryParam("cursor", first.get("nextCursor")).get(list.getValue())
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    /** The body, checked to be the envelope: an object with an items array, a numeric total and the size. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelope(Map.Entry<Service, String> list, Map<String, String> query, String where) {
        Response r = given().baseUri(list.getKey().url()).auth().oauth2(SharedStack.token("analyst"))
                .queryParams(query).get(list.getValue());
        assertEquals(200, r.statusCode(), where + ": " + r.asString());
        Object body = r.jsonPath().get("$");
        assertInstanceOf(Map.class, body, where + " must answer the envelope, not " + r.asString());
        Map<String, Object> envelope = (Map<String, Object>) body;
        assertInstanceOf(List.class, envelope.get("items"), where + ": items");
        assertInstanceOf(Number.class, envelope.get("total"), where + ": total");
        assertInstanceOf(Number.class, envelope.get("size"), where + ": size");
        if (query.containsKey("size")) {
            assertEquals(Integer.parseInt(query.get("size")), ((Number) envelope.get("size")).intValue(), where + ": size");
            assertTrue(items(envelope).size() <= Integer.parseInt(query.get("size")), where + ": more items than size");
        }
        return envelope;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> items(Map<String, Object> envelope) {
        return ((List<Map<String, Object>>) envelope.get("items")).stream().map(i -> i.get("id")).map(Object.class::cast)
                .toList();
    }

    private static long total(Map.Entry<Service, String> list, Map<String, String> query) {
        return ((Number) envelope(list, query, list.getValue()).get("total")).longValue();
    }

    private static RequestSpecification analyst(Service service) {
        return given().baseUri(service.url()).auth().oauth2(SharedStack.token("analyst")).contentType(ContentType.JSON);
    }
}
