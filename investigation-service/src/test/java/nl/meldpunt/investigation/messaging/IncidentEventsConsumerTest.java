package nl.meldpunt.investigation.messaging;

import static nl.meldpunt.investigation.Fixtures.awaitInvestigations;
import static nl.meldpunt.investigation.Fixtures.investigations;
import static nl.meldpunt.investigation.InvestigationEvents.assertConforms;
import static nl.meldpunt.investigation.InvestigationEvents.assertSequenceRises;
import static nl.meldpunt.investigation.InvestigationEvents.atLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.investigation.Fixtures;
import nl.meldpunt.investigation.IncidentEvents;
import nl.meldpunt.investigation.IncidentEvents.Incident;
import nl.meldpunt.investigation.InvestigationEvents;
import nl.meldpunt.investigation.TopicReader;

@QuarkusTest
class IncidentEventsConsumerTest {

    @Test
    void aTriagedIncidentGetsOneOpenInvestigationPerRequiredAuthority() {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, Tlp.AMBER, Authority.IGJ, Authority.AP);

        List<Map<String, Object>> opened = awaitInvestigations(incident.id(), 2);
        assertEquals(Set.of("IGJ", "AP"), opened.stream().map(i -> i.get("authority")).collect(Collectors.toSet()));
        for (Map<String, Object> i : opened) {
            assertEquals("OPEN", i.get("status"));
            assertEquals(incident.reference(), i.get("incidentReference"));
            assertEquals("required at triage of " + incident.reference(), i.get("basis"));
            assertEquals(1, i.get("version"));
            assertEquals(0, i.get("findingCount"));
            assertEquals(List.of(), i.get("findings"));
        }

        List<ConsumerRecord<String, String>> events = InvestigationEvents.of(incident.id(),
                atLeast(EventType.INVESTIGATION_OPENED, 2));
        assertEquals(2, events.size());
        for (ConsumerRecord<String, String> e : events) {
            JsonNode data = assertConforms(e, incident.id());
            assertEquals(EventType.INVESTIGATION_OPENED.ceType(), TopicReader.header(e, CloudEventHeaders.TYPE));
            assertEquals("system", data.at("/actor/subject").asText(), "a routed opening is the system's doing");
            assertEquals("OPEN", data.at("/investigation/status").asText());
        }
        assertSequenceRises(events);
    }

    @Test
    void aRedeliveredTriageOrARetriageWithTheSameAuthoritiesOpensNothingNew() {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.send(IncidentEvents.event(EventType.INCIDENT_REPORTED, incident,
                IncidentEvents.snapshot(incident, IncidentStatus.REPORTED, Tlp.AMBER, null, 1)));
        ProducerRecord<String, String> triaged = IncidentEvents.event(EventType.INCIDENT_TRIAGED, incident,
                IncidentEvents.snapshot(incident, IncidentStatus.TRIAGED, Tlp.AMBER, Set.of(Authority.IGJ, Authority.AP), 2));
        IncidentEvents.send(triaged);
        awaitInvestigations(incident.id(), 2);

        // The same event again (same ce_id), as after a rebalance, and a re-triage naming the same authorities.
        IncidentEvents.send(new ProducerRecord<>(triaged.topic(), null, triaged.key(), triaged.value(), triaged.headers()));
        IncidentEvents.triage(incident, Tlp.AMBER, 3, Authority.AP, Authority.IGJ);
        // Then a re-triage that adds CSIRT: on the same partition, so once it shows, the two before it were applied.
        IncidentEvents.triage(incident, Tlp.AMBER, 4, Authority.IGJ, Authority.AP, Authority.CSIRT);

        List<Map<String, Object>> all = awaitInvestigations(incident.id(), 3);
        assertEquals(List.of("AP", "CSIRT", "IGJ"), all.stream().map(i -> (String) i.get("authority")).sorted().toList());
        List<ConsumerRecord<String, String>> events = InvestigationEvents.of(incident.id(),
                records -> InvestigationEvents.ofType(records, EventType.INVESTIGATION_OPENED).stream()
                        .anyMatch(r -> r.value().contains("\"authority\":\"CSIRT\"")));
        assertEquals(3, InvestigationEvents.count(events, EventType.INVESTIGATION_OPENED),
                "the relay publishes in log order, so an extra opening would have shown before CSIRT's");
        events.forEach(e -> assertConforms(e, incident.id()));
    }

    @Test
    void aRecordThatIsNoCloudEventIsDeadLetteredAndTheNextEventIsStillApplied() {
        Incident incident = IncidentEvents.newIncident();
        String poison = "{\"not\":\"a cloud event\",\"marker\":\"" + UUID.randomUUID() + "\"}";
        // Same key as the good event that follows, so both land on the same partition, poison first.
        IncidentEvents.send(new ProducerRecord<>(Topic.INCIDENT_EVENTS.topicName(), incident.id().toString(), poison));
        IncidentEvents.reportAndTriage(incident, Tlp.GREEN, Authority.AP);

        awaitInvestigations(incident.id(), 1);
        List<ConsumerRecord<String, String>> dead = TopicReader.records(Topic.INCIDENT_EVENTS.deadLetterTopicName("investigation-service"),
                incident.id().toString(), records -> !records.isEmpty());
        assertEquals(1, dead.size());
        assertEquals(poison, dead.get(0).value());
        assertTrue(TopicReader.header(dead.get(0), CloudEventHeaders.DEAD_LETTER_REASON).contains("not a CloudEvent"),
                TopicReader.header(dead.get(0), CloudEventHeaders.DEAD_LETTER_REASON));
    }

    @Test
    void anIncidentEventWithoutAnIncidentIsDeadLetteredWithItsReason() {
        Incident incident = IncidentEvents.newIncident();
        ProducerRecord<String, String> empty = IncidentEvents.cloudEvent(EventType.INCIDENT_TRIAGED.ceType(),
                UUID.randomUUID(), incident.id(), 1, "{\"actor\":{\"subject\":\"analyst@meldpunt.local\"}}");
        IncidentEvents.send(empty);
        IncidentEvents.reportAndTriage(incident, Tlp.GREEN, Authority.IGJ);

        awaitInvestigations(incident.id(), 1);
        List<ConsumerRecord<String, String>> dead = TopicReader.records(Topic.INCIDENT_EVENTS.deadLetterTopicName("investigation-service"),
                incident.id().toString(), records -> !records.isEmpty());
        assertTrue(TopicReader.header(dead.get(0), CloudEventHeaders.DEAD_LETTER_REASON).contains("carries no incident"));
        assertEquals(IncidentEvents.header(empty, CloudEventHeaders.ID), TopicReader.header(dead.get(0), CloudEventHeaders.ID),
                "the dead letter keeps the original headers, so it can be replayed as it was");
    }

    @Test
    void aStaleSnapshotNeverOverwritesTheNewerOneAlreadyLearnt() {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.reportAndTriage(incident, Tlp.AMBER, Authority.IGJ);
        awaitInvestigations(incident.id(), 1);

        // A replayed REPORTED snapshot (version 1, new ce_id), then a poison record behind it on the same partition:
        // once the poison is dead-lettered, the stale event before it has been applied too.
        IncidentEvents.send(IncidentEvents.event(EventType.INCIDENT_REPORTED, incident,
                IncidentEvents.snapshot(incident, IncidentStatus.REPORTED, Tlp.AMBER, null, 1)));
        IncidentEvents.send(new ProducerRecord<>(Topic.INCIDENT_EVENTS.topicName(), incident.id().toString(), "marker"));
        TopicReader.records(Topic.INCIDENT_EVENTS.deadLetterTopicName("investigation-service"), incident.id().toString(),
                records -> !records.isEmpty());

        // Still TRIAGED as far as this service knows, so another authority may open an investigation.
        Fixtures.as("analyst").body("{\"incidentId\":\"" + incident.id() + "\",\"authority\":\"AP\",\"basis\":\"GDPR Art. 33\"}")
                .post("/investigations").then().statusCode(201);
    }

    @Test
    void anEventOfAnotherTopicOnIncidentEventsIsDeadLettered() {
        Incident incident = IncidentEvents.newIncident();
        IncidentEvents.send(IncidentEvents.cloudEvent(EventType.INVESTIGATION_OPENED.ceType(), UUID.randomUUID(),
                incident.id(), 1, "{}"));
        List<ConsumerRecord<String, String>> dead = TopicReader.records(Topic.INCIDENT_EVENTS.deadLetterTopicName("investigation-service"),
                incident.id().toString(), records -> !records.isEmpty());
        assertTrue(TopicReader.header(dead.get(0), CloudEventHeaders.DEAD_LETTER_REASON).contains("does not belong on"));
        assertEquals(List.of(), investigations(incident.id()));
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Test
    void anEventTypeItDoesNotKnowIsSkippedCountedAndCommittedAndNotDeadLettered() {
        Incident incident = IncidentEvents.newIncident();
        String future = "nl.meldpunt.incident.triaged.v2";
        double before = skipped(future);
        org.apache.kafka.clients.producer.RecordMetadata at = nl.meldpunt.localstack.RecordSender.sendAndLocate(
                nl.meldpunt.localstack.RecordSender.cloudEvent(Topic.INCIDENT_EVENTS.topicName(), incident.id().toString(),
                        future, "{\"shape\":\"of the future\"}"));
        IncidentEvents.reportAndTriage(incident, Tlp.GREEN, Authority.AP);

        awaitInvestigations(incident.id(), 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> nl.meldpunt.localstack.TopicReader
                .committedOffset("investigation-service", Topic.INCIDENT_EVENTS.topicName(), at.partition()) > at.offset());
        assertEquals(before + 1, skipped(future));
        assertEquals(List.of(), nl.meldpunt.localstack.TopicReader.upToNow(
                Topic.INCIDENT_EVENTS.deadLetterTopicName("investigation-service"), incident.id().toString()));
    }

    private double skipped(String type) {
        io.micrometer.core.instrument.Counter c = registry.find("meldpunt.consumer.skipped")
                .tag("topic", Topic.INCIDENT_EVENTS.topicName()).tag("type", type).counter();
        return c == null ? 0 : c.count();
    }
}
