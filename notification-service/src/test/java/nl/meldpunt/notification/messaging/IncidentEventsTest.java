package nl.meldpunt.notification.messaging;

import static nl.meldpunt.notification.Api.as;
import static nl.meldpunt.notification.Api.awaitObligations;
import static nl.meldpunt.notification.Api.id;
import static nl.meldpunt.notification.Api.obligation;
import static nl.meldpunt.notification.Api.obligations;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.Readiness;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.OrganizationKind;
import nl.meldpunt.contract.PersonalData;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.SpecialCategory;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;
import nl.meldpunt.notification.service.ObligationClocks;
import nl.meldpunt.support.outbox.OutboxBacklog;

@QuarkusTest
class IncidentEventsTest {

    @Inject
    MovableClock clock;

    @Inject
    @Readiness
    OutboxBacklog backlog;

    @Inject
    ObligationClocks clocks;

    @Test
    void aRedeliveredOrReplayedEventChangesNothing() {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        Broker.Sent reported = CaseEvents.reported(lab);
        List<Map<String, Object>> first = awaitObligations(lab.id, 7);

        Broker.redeliver(reported);
        // A replay from an earlier offset: the same incident version under a new event id.
        CaseEvents.reported(lab);
        // Then a change the obligations do not depend on; once it shows, everything before it was consumed.
        lab.next(Instant.parse("2025-07-06T10:00:00Z")).withNotificationFacts();
        CaseEvents.updated(lab, "contactPoint", "estimatedRecords", "likelyConsequences", "measuresTaken");
        String ap = id(lab.id, "GDPR_ART33_AP");
        await().atMost(Duration.ofSeconds(60)).until(() -> as("analyst").get("/obligations/" + ap + "/draft")
                .then().extract().jsonPath().getList("missing").isEmpty());

        assertEquals(first, obligations(lab.id), "same obligations, versions and histories");
        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        assertEquals(7, Broker.notificationEvents(lab.id).stream()
                .filter(r -> EventType.OBLIGATION_OPENED.ceType().equals(Broker.header(r, CloudEventHeaders.TYPE))).count());
    }

    @Test
    void anOlderSnapshotArrivingAfterANewerOneIsIgnored() {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        lab.version = 3;
        lab.personalData = new PersonalData(false, null, null, null);
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 4);

        IncidentFacts older = IncidentFacts.referenceCase();
        older.id = lab.id;
        older.version = 2;
        CaseEvents.updated(older, "personalData");
        lab.version = 4;
        lab.rootCause = "Unpatched remote-access gateway";
        CaseEvents.updated(lab, "rootCause");
        String report = id(lab.id, "NIS2_FINAL_REPORT");
        await().atMost(Duration.ofSeconds(60)).until(() -> !as("analyst").get("/obligations/" + report + "/draft")
                .then().extract().jsonPath().getList("missing.field").contains("rootCause"));
        assertTrue(obligations(lab.id).stream().noneMatch(o -> ((String) o.get("kind")).startsWith("GDPR")),
                "version 2 said personal data was involved, but version 3 had already said it was not");
    }

    @Test
    void personalDataDiscoveredInALaterUpdateOpensTheGdprObligationsWithTheProcessorsOriginalClock() {
        clock.set(Instant.parse("2025-07-10T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        lab.personalData = new PersonalData(false, null, null, null);
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 4);

        lab.next(Instant.parse("2025-07-10T09:00:00Z")).personalData = new PersonalData(true, List.of(SpecialCategory.HEALTH),
                485_000L, List.of("test results"));
        CaseEvents.updated(lab, "personalData");
        awaitObligations(lab.id, 7);
        Map<String, Object> notice = obligation(lab.id, "GDPR_ART33_2_CONTROLLER");
        assertEquals("2025-07-07T08:00:00Z", notice.get("dueAt"), "the clock runs from the processor's awareness");
        as("analyst").get("/obligations/" + notice.get("id")).then()
                .body("history[0].reason", org.hamcrest.Matchers.startsWith("Opened after incident.updated (incident version 2)"))
                .body("history[0].at", org.hamcrest.Matchers.equalTo("2025-07-10T09:00:00Z"));
    }

    @Test
    void aControllerAddedLaterGetsItsOwnObligations() {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        lab.next(Instant.parse("2025-07-12T09:00:00Z")).controllers.add(
                new Controller("Huisartsenpraktijk De Linde", OrganizationKind.GENERAL_PRACTICE, Instant.parse("2025-07-11T15:00:00Z")));
        CaseEvents.updated(lab, "controllers");
        List<Map<String, Object>> all = awaitObligations(lab.id, 10);
        Map<String, Object> ap = all.stream().filter(o -> "GDPR_ART33_AP".equals(o.get("kind"))
                && "Huisartsenpraktijk De Linde".equals(o.get("party"))).findFirst().orElseThrow();
        assertEquals("PENDING", ap.get("state"), "its awareness was stated on the incident");
        assertEquals("2025-07-14T15:00:00Z", ap.get("dueAt"));
    }

    @Test
    void severityLoweredAfterTriageWithdrawsTheObligationsItNoLongerCallsForAndTheirHistorySaysWhy() {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        String warning = id(lab.id, "NIS2_EARLY_WARNING");
        lab.next(Instant.parse("2025-07-06T13:00:00Z")).severity = Severity.MEDIUM;
        CaseEvents.triaged(lab);
        await().atMost(Duration.ofSeconds(60)).until(() -> "WITHDRAWN".equals(
                as("analyst").get("/obligations/" + warning).then().extract().path("state")));
        as("analyst").get("/obligations/" + warning).then()
                .body("requiredByRules", org.hamcrest.Matchers.equalTo(false))
                .body("history[-1].reason", org.hamcrest.Matchers.containsString(
                        "Withdrawn after incident.triaged (incident version 2): no longer required by the rules: severity MEDIUM: "
                                + "not a significant incident under NIS2 Art. 23(3)"));
        assertEquals(7, obligations(lab.id).size());
        assertEquals("PENDING", obligation(lab.id, "GDPR_ART33_2_CONTROLLER").get("state"),
                "special categories still make the GDPR duties apply");
        assertEquals(true, obligation(lab.id, "GDPR_ART34_SUBJECTS").get("requiredByRules"),
                "special categories still make a high risk likely");
    }

    @Test
    void theObligationsOfAnIncidentRejectedAsADuplicateAreWithdrawnAndRaiseNoOverdue() throws Exception {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        lab.next(Instant.parse("2025-07-06T11:00:00Z"));
        CaseEvents.rejected(lab, "Duplicate of INC-2025-000122");
        await().atMost(Duration.ofSeconds(60)).until(() -> obligations(lab.id).stream()
                .allMatch(o -> "WITHDRAWN".equals(o.get("state"))));

        // A month on, every deadline has passed; nothing is owed, so nothing is overdue.
        clock.set(Instant.parse("2025-08-06T10:00:00Z"));
        clocks.pass();
        as("analyst").get("/obligations/" + id(lab.id, "NIS2_NOTIFICATION")).then()
                .body("state", org.hamcrest.Matchers.equalTo("WITHDRAWN"))
                .body("history[-1].reason", org.hamcrest.Matchers.containsString("rejected as a duplicate"));
        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        Map<String, Long> types = countByType(Broker.notificationEvents(lab.id));
        assertEquals(Map.of("obligation.opened", 7L, "obligation.withdrawn", 7L), types);
        for (ConsumerRecord<String, String> r : Broker.notificationEvents(lab.id)) {
            EventType type = EventType.fromCeType(Broker.header(r, CloudEventHeaders.TYPE)).orElseThrow();
            assertEquals(List.of(), Broker.SCHEMAS.validate(type, r.value()), () -> type + ": " + r.value());
        }
    }

    @Test
    void whenTheOrganisationIsRenamedTheObligationsOfItsOldNameAreWithdrawnAndOnlyThoseOfTheNewNameRunOn() throws Exception {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        lab.next(Instant.parse("2025-07-06T10:00:00Z")).organisation = "Clinical Diagnostics B.V.";
        CaseEvents.updated(lab, "affectedOrganization");
        // The five the organisation owes under its new name; the controller's two are unchanged.
        awaitObligations(lab.id, 12);

        clock.set(Instant.parse("2025-08-06T10:00:00Z"));
        clocks.pass();
        await().atMost(Duration.ofSeconds(60)).until(() -> backlog.measure().events() == 0);
        List<Map<String, Object>> old = obligations(lab.id).stream().filter(o -> IncidentFacts.LAB.equals(o.get("party"))).toList();
        assertEquals(5, old.size());
        old.forEach(o -> assertEquals("WITHDRAWN", o.get("state"), o::toString));
        List<String> overdueParties = Broker.notificationEvents(lab.id).stream()
                .filter(r -> EventType.OBLIGATION_OVERDUE.ceType().equals(Broker.header(r, CloudEventHeaders.TYPE)))
                .map(r -> data(r).at("/obligation/party").asText()).distinct().toList();
        assertEquals(List.of("Clinical Diagnostics B.V."), overdueParties);
        assertEquals(5L, countByType(Broker.notificationEvents(lab.id)).get("obligation.withdrawn"));
    }

    private static Map<String, Long> countByType(List<ConsumerRecord<String, String>> events) {
        return events.stream().collect(java.util.stream.Collectors.groupingBy(r -> EventType.fromCeType(
                Broker.header(r, CloudEventHeaders.TYPE)).orElseThrow().eventName(), java.util.stream.Collectors.counting()));
    }

    private static com.fasterxml.jackson.databind.JsonNode data(ConsumerRecord<String, String> r) {
        try {
            return Broker.JSON.readTree(r.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRecordThatIsNoMeldpuntEventGoesToTheDeadLetterTopicWithItsReasonAndTheRestFlowsOn() {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        Broker.publishRaw(new ProducerRecord<>(Topic.INCIDENT_EVENTS.topicName(), lab.id.toString(), "{\"not\": \"a cloudevent\"}"));
        CaseEvents.reported(lab);
        awaitObligations(lab.id, 7);
        await().atMost(Duration.ofSeconds(60)).until(() -> !Broker.records(Topic.INCIDENT_EVENTS.deadLetterTopicName("notification-service"), lab.id)
                .isEmpty());
        ConsumerRecord<String, String> parked = Broker.records(Topic.INCIDENT_EVENTS.deadLetterTopicName("notification-service"), lab.id).get(0);
        assertTrue(Broker.header(parked, CloudEventHeaders.DEAD_LETTER_REASON).contains("not a CloudEvent"),
                () -> Broker.header(parked, CloudEventHeaders.DEAD_LETTER_REASON));
    }
}
