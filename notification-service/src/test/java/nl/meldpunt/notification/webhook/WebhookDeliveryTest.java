package nl.meldpunt.notification.webhook;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.webhook.Subscribe.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.domain.webhook.WebhookSignature;
import nl.meldpunt.notification.webhook.Receiver.Answer;
import nl.meldpunt.notification.webhook.Receiver.Request;
import nl.meldpunt.notification.webhook.Subscribe.Made;

/**
 * Webhook deliveries against a real HTTP receiver, from events on the real broker. The test
 * profile retries after 0 s, 1 s, 1 s and 1 s and times an attempt out after 2 s.
 */
@QuarkusTest
class WebhookDeliveryTest {

    static final String REPORTED = EventType.INCIDENT_REPORTED.ceType();
    static final String UPDATED = EventType.INCIDENT_UPDATED.ceType();
    static final String TRIAGED = EventType.INCIDENT_TRIAGED.ceType();

    @Test
    void aSubscriberReceivesTheEventAsASignedStructuredCloudEventThatVerifiesWithItsSecret() throws Exception {
        try (Receiver receiver = new Receiver()) {
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.*");
            try {
                CaseEvents.reported(lab);

                Request r = eventually(() -> receiver.requestsOfType(REPORTED), l -> l.size() == 1).get(0);
                assertEquals("application/cloudevents+json", r.contentType());
                assertTrue(r.webhookId().startsWith("msg_"), r.webhookId());
                assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(r.timestamp())) < 60, r.timestamp());
                assertTrue(Receiver.verifies(sub.secret(), r), "the signature verifies with the subscription's secret");
                assertFalse(Receiver.verifies(WebhookSignature.newSecret(), r), "and not with any other");
                assertEquals("1.0", r.json().path("specversion").asText());
                assertEquals(lab.id.toString(), r.subject());
                assertEquals(lab.reference, r.json().path("data").path("incident").path("reference").asText());
                assertEquals("application/json", r.json().path("datacontenttype").asText());
                eventually(() -> sub.messages("DELIVERED"), l -> l.size() == 1);
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void aFailedAttemptIsRetriedAndTheMessageArrivesOnceWithTheSameWebhookId() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(Answer.status(500));
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.*");
            try {
                CaseEvents.reported(lab);
                List<Request> attempts = eventually(() -> receiver.requestsOfType(REPORTED), l -> l.size() == 2);
                assertEquals(attempts.get(0).webhookId(), attempts.get(1).webhookId());

                // A later event is delivered after it: had the first been sent again, it would be here by now.
                CaseEvents.updated(lab, "summary");
                eventually(() -> receiver.requestsOfType(UPDATED), l -> l.size() == 1);
                assertEquals(2, receiver.requestsOfType(REPORTED).size());

                List<Map<String, Object>> log = eventually(sub::deliveries, l -> l.size() == 3);
                // Newest first: updated delivered, reported delivered, reported failed with the receiver's 500.
                assertEquals(List.of("DELIVERED", "DELIVERED", "RETRY"), log.stream().map(a -> a.get("result")).toList());
                assertEquals(500, log.get(2).get("status"));
                assertEquals("answer 500", log.get(2).get("responseBody"));
                assertEquals(2, log.get(1).get("attempt"));
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void aReceiverAnswering410DisablesTheSubscriptionAtOnceAndSubscriptionDisabledIsPublished() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(Answer.status(410));
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.*");
            try {
                CaseEvents.reported(lab);
                eventually(() -> sub.read().getString("state"), "DISABLED"::equals);
                assertTrue(sub.read().getString("disabledReason").contains("410"), sub.read().getString("disabledReason"));
                assertEquals(1, receiver.requests().size(), "410 is not retried");

                List<ConsumerRecord<String, String>> disabled = eventually(
                        () -> Broker.records(Topic.NOTIFICATION_EVENTS.topicName(), UUID.fromString(sub.id())), l -> l.size() == 1);
                assertEquals(EventType.SUBSCRIPTION_DISABLED.ceType(), Broker.header(disabled.get(0), CloudEventHeaders.TYPE));
                assertTrue(disabled.get(0).value().contains(sub.id()));

                // While disabled the next event waits; resuming delivers it, and the given-up one stays given up.
                CaseEvents.updated(lab, "summary");
                eventually(() -> sub.messages("PENDING"), l -> l.size() == 1);
                assertEquals(1, receiver.requests().size());
                sub.owner().get().post("/subscriptions/" + sub.id() + "/resume").then().statusCode(200);
                eventually(() -> receiver.requestsOfType(UPDATED), l -> l.size() == 1);
                assertEquals(1, sub.messages("FAILED").size());
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void tooManyRequestsWithRetryAfterIsTriedAgainNoSoonerThanTheReceiverAsks() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(Answer.status(429, "Retry-After", "3"));
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.reported");
            try {
                CaseEvents.reported(lab);
                List<Request> attempts = eventually(() -> receiver.requestsOfType(REPORTED), l -> l.size() == 2);
                Duration gap = Duration.between(attempts.get(0).at(), attempts.get(1).at());
                // The schedule alone would retry after 1 s.
                assertTrue(gap.compareTo(Duration.ofMillis(2900)) >= 0, "retried after " + gap);
                assertTrue(String.valueOf(sub.deliveries().get(1).get("error")).contains("Retry-After 3 s"));
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void anAttemptThatHangsPastTheTimeoutCountsAsAFailureAndIsRetried() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(Answer.hang());
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.reported");
            try {
                CaseEvents.reported(lab);
                eventually(() -> sub.messages("DELIVERED"), l -> l.size() == 1);
                List<Map<String, Object>> log = sub.deliveries();
                assertEquals("RETRY", log.get(1).get("result"));
                assertTrue(String.valueOf(log.get(1).get("error")).contains("timed out"), String.valueOf(log.get(1).get("error")));
                assertTrue(((Number) log.get(1).get("durationMs")).longValue() >= 1900);
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void aRedirectIsNotFollowedAndCountsAsAFailure() throws Exception {
        try (Receiver receiver = new Receiver(); Receiver elsewhere = new Receiver()) {
            receiver.answer(Answer.status(302, "Location", elsewhere.url()));
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.reported");
            try {
                CaseEvents.reported(lab);
                eventually(() -> sub.messages("DELIVERED"), l -> l.size() == 1);
                assertEquals(2, receiver.requests().size());
                assertEquals(List.of(), elsewhere.requests());
                assertTrue(String.valueOf(sub.deliveries().get(1).get("error")).contains("redirect"));
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void eventsOfOneIncidentArriveInTheirOrderUnderRetriesAndAnotherIncidentDoesNotWaitBehindThem() throws Exception {
        try (Receiver receiver = new Receiver()) {
            IncidentFacts a = IncidentFacts.referenceCase();
            IncidentFacts b = IncidentFacts.referenceCase();
            b.reference = "INC-2025-000124";
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
            // Incident a's first event fails twice; everything else (other tests' events included) is taken.
            receiver.respond(r -> r.subject().equals(a.id.toString()) && r.type().equals(REPORTED) && failures.getAndIncrement() < 2
                    ? Answer.status(503) : Answer.status(200));
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), null, "incident.*");
            try {
                CaseEvents.reported(a);
                CaseEvents.updated(a, "summary");
                CaseEvents.triaged(a);
                CaseEvents.reported(b);

                List<Request> ofA = eventually(() -> of(receiver, a), l -> l.size() == 5);
                assertEquals(List.of(REPORTED, REPORTED, REPORTED, UPDATED, TRIAGED), ofA.stream().map(Request::type).toList());
                Request bReported = eventually(() -> of(receiver, b), l -> l.size() == 1).get(0);
                assertTrue(bReported.at().isBefore(ofA.get(2).at()), "b was delivered while a's first event waited for its retry");
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void exhaustedRetriesGiveTheMessageUpAndDisableTheSubscriptionAndRecoverQueuesItAgain() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.respond(r -> Answer.status(500));
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.reported");
            try {
                CaseEvents.reported(lab);
                eventually(() -> sub.read().getString("state"), "DISABLED"::equals);
                assertEquals(4, receiver.requests().size(), "the test schedule allows four attempts");
                assertTrue(sub.read().getString("disabledReason").startsWith("retries exhausted"));
                assertEquals(1, sub.messages("FAILED").size());

                receiver.respond(r -> Answer.status(204));
                int queued = sub.owner().get().body(Map.of("since", Instant.now().minusSeconds(3600).toString()))
                        .post("/subscriptions/" + sub.id() + "/recover").then().statusCode(202).extract().path("queued");
                assertEquals(1, queued);
                sub.owner().get().post("/subscriptions/" + sub.id() + "/resume").then().statusCode(200);
                eventually(() -> sub.messages("DELIVERED"), l -> l.size() == 1);
                List<Request> all = receiver.requests();
                assertEquals(5, all.size());
                assertEquals(all.get(0).webhookId(), all.get(4).webhookId());
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void aDeliveredMessageIsRedeliveredOnRequestWithTheSameWebhookId() throws Exception {
        try (Receiver receiver = new Receiver()) {
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.reported");
            try {
                CaseEvents.reported(lab);
                String messageId = eventually(() -> sub.messages("DELIVERED"), l -> l.size() == 1).get(0).get("messageId").toString();
                sub.owner().get().post("/subscriptions/" + sub.id() + "/messages/" + messageId + "/redeliver").then().statusCode(202);
                List<Request> both = eventually(receiver::requests, l -> l.size() == 2);
                assertEquals(messageId, both.get(1).webhookId());
                sub.owner().get().post("/subscriptions/" + sub.id() + "/messages/msg_nothing/redeliver").then().statusCode(404);
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneDuringTheOverlap() throws Exception {
        try (Receiver receiver = new Receiver()) {
            IncidentFacts lab = IncidentFacts.referenceCase();
            Made sub = Subscribe.to(() -> as("analyst"), receiver.url(), lab.id, "incident.*");
            try {
                String fresh = sub.owner().get().post("/subscriptions/" + sub.id() + "/secret/rotate").then().statusCode(200)
                        .extract().path("secret");
                assertTrue(fresh.startsWith("whsec_") && !fresh.equals(sub.secret()));
                assertTrue(sub.read().getString("previousSecretValidUntil") != null);
                assertEquals(null, sub.read().getString("secret"), "a secret is shown only when it is made");

                CaseEvents.reported(lab);
                Request r = eventually(() -> receiver.requestsOfType(REPORTED), l -> l.size() == 1).get(0);
                assertEquals(2, r.signature().split(" ").length);
                assertTrue(Receiver.verifies(fresh, r));
                assertTrue(Receiver.verifies(sub.secret(), r));
            } finally {
                sub.delete();
            }
        }
    }

    @Test
    void theTestPingArrivesSignedAndIsInTheDeliveryLog() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Made sub = Subscribe.to(() -> as("viewer"), receiver.url(), UUID.randomUUID());
            try {
                sub.owner().get().post("/subscriptions/" + sub.id() + "/test").then().statusCode(200)
                        .body("result", org.hamcrest.Matchers.equalTo("DELIVERED")).body("status", org.hamcrest.Matchers.equalTo(200));
                Request ping = receiver.requests().get(0);
                assertEquals("nl.meldpunt.webhook.ping.v1", ping.type());
                assertTrue(Receiver.verifies(sub.secret(), ping));
                assertEquals("webhook.ping", sub.deliveries().get(0).get("eventType"));
            } finally {
                sub.delete();
            }
        }
    }

    private static List<Request> of(Receiver receiver, IncidentFacts incident) {
        return receiver.requests().stream().filter(r -> r.subject().equals(incident.id.toString())).toList();
    }
}
