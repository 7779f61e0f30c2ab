package nl.meldpunt.notification.service;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.awaitObligations;
import static nl.meldpunt.notification.Api.id;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;
import nl.meldpunt.support.outbox.OutboxBacklog;

@QuarkusTest
class ObligationClocksTest {

    @Inject
    MovableClock clock;

    @Inject
    ObligationClocks clocks;

    @Inject
    @Readiness
    OutboxBacklog backlog;

    @Test
    void dueSoonAndOverdueAreEmittedExactlyOnceEvenWhenTwoPassesRunAtOnce() throws Exception {
        IncidentFacts lab = IncidentFacts.referenceCase();
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);

        // 12 h before the 24 h deadlines of the processor's notice and the NIS2 early warning.
        clock.set(Instant.parse("2025-07-06T21:00:00Z"));
        twoPassesAtOnce();
        twoPassesAtOnce();
        // A month on: every running clock has passed its deadline.
        clock.set(Instant.parse("2025-08-06T10:00:00Z"));
        twoPassesAtOnce();
        twoPassesAtOnce();
        as("analyst").get("/obligations/" + id(lab.id, "NIS2_NOTIFICATION")).then().body("state", equalTo("OVERDUE"));

        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        List<ConsumerRecord<String, String>> events = Broker.notificationEvents(lab.id);
        Map<String, Long> dueSoon = countByKind(events, EventType.OBLIGATION_DUE_SOON);
        Map<String, Long> overdue = countByKind(events, EventType.OBLIGATION_OVERDUE);
        assertEquals(Map.of("GDPR_ART33_2_CONTROLLER", 1L, "NIS2_EARLY_WARNING", 1L), dueSoon);
        assertEquals(Map.of("GDPR_ART33_2_CONTROLLER", 1L, "NIS2_EARLY_WARNING", 1L, "NIS2_NOTIFICATION", 1L,
                "IGJ_CALAMITY_REPORT", 1L), overdue);
        assertEquals(7, countByKind(events, EventType.OBLIGATION_OPENED).size());
    }

    @Test
    void everyEventOnNotificationEventsIsACloudEventKeyedByTheIncidentThatValidatesAgainstItsSchema() throws Exception {
        IncidentFacts lab = IncidentFacts.referenceCase();
        clock.set(Instant.parse("2025-07-06T21:00:00Z"));
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        clocks.pass();
        clock.set(Instant.parse("2025-07-08T09:00:00Z"));
        clocks.pass();
        as("analyst").body("{\"fulfilledAt\": \"2025-07-08T08:00:00Z\", \"submissionReference\": \"ZCERT-2025-118\"}")
                .post("/obligations/" + id(lab.id, "NIS2_NOTIFICATION") + "/fulfil").then().statusCode(200);
        as("analyst").body("{\"waiveJustification\": \"The IGJ investigates on its own initiative; no separate report needed.\"}")
                .post("/obligations/" + id(lab.id, "IGJ_CALAMITY_REPORT") + "/waive").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        List<ConsumerRecord<String, String>> events = Broker.notificationEvents(lab.id);
        assertEquals(List.of("obligation.due-soon", "obligation.fulfilled", "obligation.opened", "obligation.overdue",
                "obligation.waived"), events.stream().map(r -> type(r).eventName()).distinct().sorted().toList());
        long sequence = 0;
        for (ConsumerRecord<String, String> r : events) {
            EventType type = type(r);
            assertEquals(List.of(), Broker.SCHEMAS.validate(type, r.value()), () -> type + ": " + r.value());
            assertEquals(lab.id.toString(), Broker.header(r, CloudEventHeaders.SUBJECT));
            assertEquals("/meldpunt/notification-service", Broker.header(r, CloudEventHeaders.SOURCE));
            assertEquals("application/json", Broker.header(r, CloudEventHeaders.CONTENT_TYPE));
            long next = Long.parseLong(Broker.header(r, CloudEventHeaders.SEQUENCE));
            assertEquals(sequence + 1, next, "ce_sequence rises by one per incident");
            sequence = next;
        }
        JsonNode fulfilled = events.stream().filter(r -> type(r) == EventType.OBLIGATION_FULFILLED).map(ObligationClocksTest::data)
                .findFirst().orElseThrow();
        assertEquals("analyst@meldpunt.local", fulfilled.at("/actor/subject").asText());
        // What the clocks and the rules did, no person did: those events name the platform (docs/api.md "Actor").
        for (ConsumerRecord<String, String> r : events) {
            EventType type = type(r);
            if (type == EventType.OBLIGATION_OPENED || type == EventType.OBLIGATION_DUE_SOON
                    || type == EventType.OBLIGATION_OVERDUE) {
                assertEquals("system", data(r).at("/actor/role").asText(), () -> type + " names the platform");
            }
        }
        assertEquals("2025-08-08T08:00:00Z", as("analyst").get("/obligations/" + id(lab.id, "NIS2_FINAL_REPORT"))
                .then().body("state", equalTo("PENDING")).extract().path("dueAt"),
                "one month after the notification was submitted");
    }

    @Test
    void anObligationOpenedAfterItsDeadlineIsOverdueAtOnceAndTheClockPassDoesNotAnnounceItAgain() throws Exception {
        IncidentFacts lab = IncidentFacts.referenceCase();
        // Reported four days after the lab became aware: the 24 h and 72 h deadlines have all passed.
        clock.set(Instant.parse("2025-07-10T09:30:00Z"));
        CaseEvents.reported(lab);
        // No REST read and no clock pass: only opening the obligations can have announced them overdue.
        await().atMost(Duration.ofSeconds(60)).until(() -> countByKind(Broker.notificationEvents(lab.id),
                EventType.OBLIGATION_OPENED).size() == 7 && backlog.measure().events() == 0);
        Map<String, Long> overdueOnOpen = countByKind(Broker.notificationEvents(lab.id), EventType.OBLIGATION_OVERDUE);
        assertEquals(Map.of("GDPR_ART33_2_CONTROLLER", 1L, "NIS2_EARLY_WARNING", 1L, "NIS2_NOTIFICATION", 1L,
                "IGJ_CALAMITY_REPORT", 1L), overdueOnOpen);

        twoPassesAtOnce();
        as("analyst").get("/obligations/" + id(lab.id, "NIS2_EARLY_WARNING")).then().body("state", equalTo("OVERDUE"))
                .body("history.state", org.hamcrest.Matchers.contains("PENDING", "OVERDUE"));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        List<ConsumerRecord<String, String>> events = Broker.notificationEvents(lab.id);
        assertEquals(overdueOnOpen, countByKind(events, EventType.OBLIGATION_OVERDUE), "announced once, when opened");
        assertEquals(Map.of(), countByKind(events, EventType.OBLIGATION_DUE_SOON), "past due is overdue, never due soon");
    }

    @Test
    void aPendingObligationWhoseDeadlinePassedReadsOverdueBeforeAnyClockPassAndIsAnnouncedOnce() throws Exception {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        IncidentFacts other = IncidentFacts.referenceCase();
        CaseEvents.reported(lab);
        CaseEvents.reported(other);
        awaitObligations(lab.id, 7);
        awaitObligations(other.id, 7);
        String notice = id(lab.id, "GDPR_ART33_2_CONTROLLER");

        // An hour past the 24 h deadlines; no clock pass runs.
        clock.set(Instant.parse("2025-07-07T09:00:00Z"));
        as("analyst").get("/obligations/" + notice).then().statusCode(200)
                .body("state", equalTo("OVERDUE"))
                .header("ETag", "\"2\"")
                .body("history[-1].state", equalTo("OVERDUE"))
                .body("history[-1].at", equalTo("2025-07-07T09:00:00Z"));
        as("analyst").queryParam("incidentId", other.id.toString()).queryParam("state", "PENDING").get("/obligations").then()
                .statusCode(200).body("items.kind", org.hamcrest.Matchers.containsInAnyOrder("NIS2_NOTIFICATION", "IGJ_CALAMITY_REPORT"));
        as("analyst").queryParam("incidentId", other.id.toString()).queryParam("state", "OVERDUE").get("/obligations").then()
                .statusCode(200).body("items.kind", org.hamcrest.Matchers.containsInAnyOrder("GDPR_ART33_2_CONTROLLER",
                        "NIS2_EARLY_WARNING"));

        twoPassesAtOnce();
        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        for (IncidentFacts f : List.of(lab, other)) {
            assertEquals(Map.of("GDPR_ART33_2_CONTROLLER", 1L, "NIS2_EARLY_WARNING", 1L),
                    countByKind(Broker.notificationEvents(f.id), EventType.OBLIGATION_OVERDUE));
        }
    }

    @Test
    void aDeadlineMovedByACorrectedAwarenessGetsItsOwnDueSoonWarning() throws Exception {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        String notice = id(lab.id, "GDPR_ART33_2_CONTROLLER");
        clock.set(Instant.parse("2025-07-06T21:00:00Z"));
        clocks.pass();

        // The lab corrects its moment of awareness to a day later: the 24 h deadlines move to 8 July 05:00.
        clock.set(Instant.parse("2025-07-07T07:00:00Z"));
        lab.next(Instant.parse("2025-07-07T07:00:00Z")).awareAt = Instant.parse("2025-07-07T05:00:00Z");
        CaseEvents.updated(lab, "awareAt");
        await().atMost(Duration.ofSeconds(60)).until(() -> "2025-07-08T05:00:00Z".equals(
                as("analyst").get("/obligations/" + notice).then().extract().path("dueAt")));
        clock.set(Instant.parse("2025-07-07T18:00:00Z"));
        twoPassesAtOnce();

        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        List<ConsumerRecord<String, String>> events = Broker.notificationEvents(lab.id);
        assertEquals(Map.of("GDPR_ART33_2_CONTROLLER", 2L, "NIS2_EARLY_WARNING", 2L), countByKind(events, EventType.OBLIGATION_DUE_SOON),
                "one warning for the first deadline, one for the corrected one");
        List<String> warnedDueAts = events.stream().filter(r -> type(r) == EventType.OBLIGATION_DUE_SOON)
                .map(r -> data(r).at("/obligation/dueAt").asText()).distinct().sorted().toList();
        assertEquals(List.of("2025-07-07T08:00:00Z", "2025-07-08T05:00:00Z"), warnedDueAts);
        assertEquals(Map.of(), countByKind(events, EventType.OBLIGATION_OVERDUE));
    }

    @Test
    void anOverdueObligationWhoseCorrectedDeadlineLiesAheadIsPendingAgainAndIsOverdueAgainOnlyWhenThatOnePasses()
            throws Exception {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        clock.set(Instant.parse("2025-07-07T09:00:00Z"));
        clocks.pass();

        clock.set(Instant.parse("2025-07-07T09:10:00Z"));
        lab.next(Instant.parse("2025-07-07T09:10:00Z")).awareAt = Instant.parse("2025-07-07T06:00:00Z");
        CaseEvents.updated(lab, "awareAt");
        await().atMost(Duration.ofSeconds(60)).until(() -> "PENDING".equals(
                as("analyst").get("/obligations/" + warning).then().extract().path("state")));
        as("analyst").get("/obligations/" + warning).then().body("dueAt", equalTo("2025-07-08T06:00:00Z"))
                .body("history[-1].reason", org.hamcrest.Matchers.containsString("no longer overdue"));

        clock.set(Instant.parse("2025-07-07T19:00:00Z"));
        clocks.pass();
        clock.set(Instant.parse("2025-07-08T07:00:00Z"));
        twoPassesAtOnce();

        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        List<ConsumerRecord<String, String>> events = Broker.notificationEvents(lab.id);
        assertEquals(Map.of("GDPR_ART33_2_CONTROLLER", 2L, "NIS2_EARLY_WARNING", 2L), countByKind(events, EventType.OBLIGATION_OVERDUE),
                "once for the first deadline, once for the corrected one");
        assertEquals(Map.of("GDPR_ART33_2_CONTROLLER", 1L, "NIS2_EARLY_WARNING", 1L), countByKind(events, EventType.OBLIGATION_DUE_SOON),
                "the corrected deadline was warned about; the first one had passed before any pass looked");
    }

    private void twoPassesAtOnce() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<ObligationClocks.Pass> a = CompletableFuture.supplyAsync(() -> passAfter(start));
        CompletableFuture<ObligationClocks.Pass> b = CompletableFuture.supplyAsync(() -> passAfter(start));
        CompletableFuture.allOf(a, b).get();
    }

    private ObligationClocks.Pass passAfter(CyclicBarrier start) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return clocks.pass();
    }

    private static Map<String, Long> countByKind(List<ConsumerRecord<String, String>> events, EventType type) {
        return events.stream().filter(r -> type(r) == type)
                .collect(Collectors.groupingBy(r -> data(r).at("/obligation/kind").asText(), Collectors.counting()));
    }

    private static EventType type(ConsumerRecord<String, String> r) {
        return EventType.fromCeType(Broker.header(r, CloudEventHeaders.TYPE)).orElseThrow();
    }

    private static JsonNode data(ConsumerRecord<String, String> r) {
        try {
            return Broker.JSON.readTree(r.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
