package nl.meldpunt.notification.webhook;

import static nl.meldpunt.notification.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.Tokens;

/** The subscription API: its input checks, its owner, its states and its versions. */
@QuarkusTest
class SubscriptionApiTest {

    private static final String RECEIVER = "http://127.0.0.1:9/hooks";

    @Test
    void theSecretIsShownOnCreationOnlyAndTheSubscriptionDescribesItsFilter() {
        String id = as("analyst").body(Map.of("url", RECEIVER, "description", "IGJ desk",
                "filter", Map.of("types", List.of("obligation.*", "incident.triaged"), "minSeverity", "high")))
                .post("/subscriptions").then().statusCode(201)
                .header("Location", containsString("/subscriptions/"))
                .header("ETag", "\"1\"")
                .body("secret", startsWith("whsec_"))
                .body("state", equalTo("ACTIVE"))
                .body("filter.minSeverity", equalTo("HIGH"))
                .body("owner", equalTo("analyst@meldpunt.local"))
                .extract().path("id");
        as("analyst").get("/subscriptions/" + id).then().statusCode(200)
                .body("secret", nullValue())
                .body("filter.types", equalTo(List.of("incident.triaged", "obligation.*")));
        as("analyst").get("/subscriptions").then().statusCode(200).body("items.id", hasItem(id));
        as("analyst").delete("/subscriptions/" + id).then().statusCode(204);
        as("analyst").get("/subscriptions/" + id).then().statusCode(404);
    }

    @Test
    void aSubscriptionIsItsOwnersAloneAnotherCallerFindsNothing() {
        String id = create(as("analyst"));
        RequestSpecification colleague = RestAssured.given().contentType(ContentType.JSON).auth().oauth2(
                SharedStack.tokens().mint(Tokens.Claims.of("analyst", null).withSubject("colleague@meldpunt.local")));
        colleague.get("/subscriptions/" + id).then().statusCode(404).contentType("application/problem+json");
        as("viewer").delete("/subscriptions/" + id).then().statusCode(404);
        as("viewer").get("/subscriptions").then().statusCode(200).body("items.id", not(hasItem(id)));
        as("analyst").delete("/subscriptions/" + id).then().statusCode(204);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://2130706433/hooks | unusual numeric form",
        "http://0x7f.0.0.1/hooks | names no host",
        "http://0177.0.0.1/hooks | unusual numeric form",
        "http://169.254.169.254/latest/meta-data | metadata",
        "http://[fd00:ec2::254]/ | metadata",
        "http://10.0.0.8/hooks | private",
        "http://[::ffff:10.0.0.8]/hooks | private",
        "http://192.168.1.20/hooks | private",
        "ftp://127.0.0.1/hooks | must use http or https",
        "http://user:pw@127.0.0.1/hooks | user name",
    })
    void theUrlPolicyRefusesAnAddressWhenTheSubscriptionIsSaved(String url, String reason) {
        as("analyst").body(Map.of("url", url)).post("/subscriptions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].reason", containsString(reason));
    }

    @Test
    void aMissingUrlAndABadFilterAreNamedField() {
        as("analyst").body(Map.of("description", "no url")).post("/subscriptions").then().statusCode(400)
                .body("errors[0].field", equalTo("url"));
        as("analyst").body(Map.of("url", RECEIVER, "filter", Map.of("types", List.of("incident.exploded"))))
                .post("/subscriptions").then().statusCode(400).body("errors[0].field", equalTo("filter.types"))
                .body("errors[0].reason", containsString("incident.exploded"));
        as("analyst").body(Map.of("url", RECEIVER, "filter", Map.of("minSeverity", "HUGE")))
                .post("/subscriptions").then().statusCode(400).body("errors[0].field", equalTo("filter.minSeverity"));
        as("analyst").body(Map.of("url", RECEIVER, "filter", Map.of("incidentId", "INC-1")))
                .post("/subscriptions").then().statusCode(400).body("errors[0].field", equalTo("filter.incidentId"));
    }

    @Test
    void pausingTwiceIsAConflictAndAStaleVersionIsRefused() {
        String id = create(as("analyst"));
        as("analyst").header("If-Match", "\"1\"").post("/subscriptions/" + id + "/pause").then().statusCode(200)
                .body("state", equalTo("PAUSED")).header("ETag", "\"2\"");
        as("analyst").post("/subscriptions/" + id + "/pause").then().statusCode(409).contentType("application/problem+json");
        as("analyst").header("If-Match", "\"1\"").post("/subscriptions/" + id + "/resume").then().statusCode(412);
        as("analyst").header("If-Match", "\"2\"").post("/subscriptions/" + id + "/resume").then().statusCode(200)
                .body("state", equalTo("ACTIVE"));
        as("analyst").post("/subscriptions/" + id + "/resume").then().statusCode(409);
        as("analyst").body(Map.of("url", RECEIVER, "description", "changed")).header("If-Match", "\"3\"")
                .put("/subscriptions/" + id).then().statusCode(200).body("description", equalTo("changed"));
        as("analyst").delete("/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void recoverNeedsATimeAndTheLogsPageWithACursor() {
        String id = create(as("viewer"));
        as("viewer").body(Map.of()).post("/subscriptions/" + id + "/recover").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
        as("viewer").get("/subscriptions/" + id + "/deliveries?result=LOST").then().statusCode(400)
                .body("errors[0].field", equalTo("result"));
        as("viewer").get("/subscriptions/" + id + "/messages").then().statusCode(200).body("total", equalTo(0));
        as("viewer").get("/subscriptions/" + UUID.randomUUID() + "/deliveries").then().statusCode(404);
        as("viewer").delete("/subscriptions/" + id).then().statusCode(204);
    }

    @Test
    void withoutATokenThereAreNoSubscriptions() {
        RestAssured.given().get("/subscriptions").then().statusCode(401);
    }

    private static String create(RequestSpecification owner) {
        return owner.body(Map.of("url", RECEIVER)).post("/subscriptions").then().statusCode(201).extract().path("id");
    }
}
