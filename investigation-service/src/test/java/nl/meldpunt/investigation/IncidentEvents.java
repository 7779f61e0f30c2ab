package nl.meldpunt.investigation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Category;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.Controller;
import nl.meldpunt.contract.EventSchemas;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.IncidentStatus;
import nl.meldpunt.contract.Nis2Entity;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.contract.OrganizationKind;
import nl.meldpunt.contract.OrganizationRole;
import nl.meldpunt.contract.PersonalData;
import nl.meldpunt.contract.Reporter;
import nl.meldpunt.contract.Sector;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.contract.SpecialCategory;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.localstack.RecordSender;

/**
 * Incident events as incident-service's outbox relay writes them (binary-mode CloudEvents with
 * the headers of {@code OutboxRelay.toRecord}, keyed by incident id), sent to the real broker.
 * Every payload is checked against its JSON Schema before it is sent.
 */
public final class IncidentEvents {

    public static final String SOURCE = "/meldpunt/incident-service";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final EventSchemas SCHEMAS = new EventSchemas();
    private static final AtomicLong REFERENCES = new AtomicLong(ThreadLocalRandom.current().nextLong(100_000, 900_000));
    private static final Actor ANALYST = new Actor("analyst@meldpunt.local", "Z-CERT", "analyst", null);
    private static final Map<UUID, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();

    private IncidentEvents() {
    }

    /** An incident of the reference case, known by its id and reference. */
    public record Incident(UUID id, String reference) {
    }

    public static Incident newIncident() {
        return new Incident(UUID.randomUUID(), "INC-2025-" + REFERENCES.incrementAndGet());
    }

    /** Reports the incident (version 1), then triages it (version 2) with these authorities and marking. */
    public static UUID reportAndTriage(Incident incident, Tlp tlp, Authority... authorities) {
        send(event(EventType.INCIDENT_REPORTED, incident, snapshot(incident, IncidentStatus.REPORTED, tlp, null, 1)));
        return triage(incident, tlp, 2, authorities);
    }

    /** Sends {@code incident.triaged}; returns its ce_id. */
    public static UUID triage(Incident incident, Tlp tlp, long version, Authority... authorities) {
        ProducerRecord<String, String> triaged = event(EventType.INCIDENT_TRIAGED, incident,
                snapshot(incident, IncidentStatus.TRIAGED, tlp, authorities(authorities), version));
        send(triaged);
        return UUID.fromString(header(triaged, CloudEventHeaders.ID));
    }

    public static IncidentSnapshot snapshot(Incident incident, IncidentStatus status, Tlp tlp, Set<Authority> required,
            long version) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new IncidentSnapshot(incident.id(), incident.reference(),
                "Ransomware and data theft at Clinical Diagnostics laboratory",
                "Attackers exfiltrated data of the national cervical-cancer screening programme.", Category.RANSOMWARE,
                Severity.CRITICAL, tlp,
                new Organization("Clinical Diagnostics NMDL", OrganizationKind.LABORATORY, Sector.HEALTHCARE,
                        Nis2Entity.ESSENTIAL, OrganizationRole.PROCESSOR),
                List.of(new Controller("Bevolkingsonderzoek Nederland", OrganizationKind.SCREENING_ORGANISATION, null)),
                new Reporter("analyst@meldpunt.local", "Z-CERT"), Instant.parse("2025-07-06T06:00:00Z"),
                Instant.parse("2025-07-06T08:00:00Z"), Instant.parse("2025-07-07T09:12:00Z"),
                new PersonalData(true, List.of(SpecialCategory.HEALTH, SpecialCategory.NATIONAL_ID_NUMBER), 485_000L,
                        List.of("name", "date of birth", "BSN", "test results")),
                null, 485_000L, null, null, true, false, null, null, null, required, status, version, now);
    }

    /** A new event about the incident, with a fresh ce_id and the next ce_sequence of the incident. */
    public static ProducerRecord<String, String> event(EventType type, Incident incident, IncidentSnapshot snapshot) {
        return event(type, incident, snapshot, null);
    }

    /** {@code incident.updated} names the fields that changed. */
    public static ProducerRecord<String, String> event(EventType type, Incident incident, IncidentSnapshot snapshot,
            List<String> changedFields) {
        String data;
        try {
            String reason = type == EventType.INCIDENT_REOPENED || type == EventType.INCIDENT_REJECTED
                    ? "decided by the analyst" : null;
            data = JSON.writeValueAsString(new IncidentEventData(snapshot, ANALYST, changedFields, reason, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of(), SCHEMAS.validate(type, data), "the test's own " + type.eventName() + " must conform");
        long sequence = SEQUENCES.computeIfAbsent(incident.id(), id -> new AtomicLong()).incrementAndGet();
        return cloudEvent(type.ceType(), UUID.randomUUID(), incident.id(), sequence, data);
    }

    /** The headers {@code OutboxRelay} writes, from the contract's one definition of them. */
    public static ProducerRecord<String, String> cloudEvent(String ceType, UUID eventId, UUID incidentId, long sequence,
            String data) {
        EventType type = EventType.fromCeType(ceType).orElse(null);
        if (type == null) {
            // A foreign type, for the tests that a consumer parks it: same headers, written by hand.
            Map<String, String> headers = CloudEventHeaders.binaryMode(eventId, SOURCE, EventType.INCIDENT_REPORTED,
                    incidentId, Instant.now().truncatedTo(ChronoUnit.MICROS), sequence, TRACEPARENT);
            headers.put(CloudEventHeaders.TYPE, ceType);
            return RecordSender.record(EventType.INCIDENT_REPORTED.topic().topicName(), incidentId.toString(), data, headers);
        }
        return RecordSender.record(EventType.INCIDENT_REPORTED.topic().topicName(), incidentId.toString(), data,
                CloudEventHeaders.binaryMode(eventId, SOURCE, type, incidentId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                        sequence, TRACEPARENT));
    }

    /** Sends the record and waits for the broker's acknowledgement. */
    public static void send(ProducerRecord<String, String> record) {
        RecordSender.send(record);
    }

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static String header(ProducerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }


    private static Set<Authority> authorities(Authority... authorities) {
        Set<Authority> set = EnumSet.noneOf(Authority.class);
        set.addAll(List.of(authorities));
        return set;
    }
}
