package nl.meldpunt.notification.webhook;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Subscriptions as a test makes them over REST. */
final class Subscribe {

    /** A created subscription: its id and the secret shown once. */
    record Made(String id, String secret, Supplier<RequestSpecification> owner) {
        JsonPath read() {
            return owner.get().get("/subscriptions/" + id).then().statusCode(200).extract().jsonPath();
        }

        List<Map<String, Object>> deliveries() {
            return owner.get().get("/subscriptions/" + id + "/deliveries?size=500").then().statusCode(200).extract().jsonPath()
                    .getList("items");
        }

        List<Map<String, Object>> messages(String state) {
            return owner.get().queryParam("state", state).get("/subscriptions/" + id + "/messages?size=500").then().statusCode(200)
                    .extract().jsonPath().getList("items");
        }

        void delete() {
            owner.get().delete("/subscriptions/" + id);
        }
    }

    private Subscribe() {
    }

    static Made to(Supplier<RequestSpecification> owner, String url, UUID incidentId, String... types) {
        Map<String, Object> filter = new java.util.HashMap<>();
        if (incidentId != null) {
            filter.put("incidentId", incidentId.toString());
        }
        if (types.length > 0) {
            filter.put("types", List.of(types));
        }
        JsonPath created = owner.get().body(Map.of("url", url, "description", "test receiver", "filter", filter))
                .post("/subscriptions").then().statusCode(201).extract().jsonPath();
        return new Made(created.getString("id"), created.getString("secret"), owner);
    }

    static <T> T eventually(Callable<T> read, java.util.function.Predicate<T> done) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(read, done::test);
    }
}
