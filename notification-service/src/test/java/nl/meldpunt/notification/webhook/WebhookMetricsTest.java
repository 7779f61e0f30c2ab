package nl.meldpunt.notification.webhook;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.webhook.Subscribe.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.webhook.Receiver.Answer;
import nl.meldpunt.notification.webhook.Subscribe.Made;

/** Deliveries by result, the pending backlog and disabled subscriptions are on /q/metrics. */
@QuarkusTest
class WebhookMetricsTest {

    @Test
    void deliveriesByResultThePendingBacklogAndDisabledSubscriptionsAreMeasured() throws Exception {
        try (Receiver receiver = new Receiver()) {
            double deliveredBefore = metric("meldpunt_webhooks_deliveries_total\\{result=\"DELIVERED\",?\\}");
            double goneBefore = metric("meldpunt_webhooks_deliveries_total\\{result=\"GONE\",?\\}");
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.*");
            try {
                CaseEvents.reported(lab);
                eventually(() -> metric("meldpunt_webhooks_deliveries_total\\{result=\"DELIVERED\",?\\}"), v -> v >= deliveredBefore + 1);

                receiver.answer(Answer.status(410));
                CaseEvents.updated(lab, "summary");
                eventually(() -> metric("meldpunt_webhooks_deliveries_total\\{result=\"GONE\",?\\}"), v -> v >= goneBefore + 1);
                eventually(() -> metric("meldpunt_webhooks_subscriptions_disabled"), v -> v >= 1);

                // A message waiting for the disabled subscription is pending, and ages.
                CaseEvents.triaged(lab);
                eventually(() -> metric("meldpunt_webhooks_pending"), v -> v >= 1);
                eventually(() -> metric("meldpunt_webhooks_pending_oldest_seconds"), v -> v > 0);
                assertTrue(RestAssured.get("/q/metrics").asString().contains("meldpunt_webhooks_attempt_duration_seconds"));
            } finally {
                sub.delete();
            }
        }
    }

    private static double metric(String pattern) {
        Matcher m = Pattern.compile("(?m)^" + pattern + " ([0-9.E+-]+)$").matcher(RestAssured.get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
