package nl.meldpunt.notification.events;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.support.inbox.IncomingEvent;

/**
 * The case events notification-service relays, kept in its own database ({@code case_event}) so
 * that a webhook retried hours later, or a stream resumed after a reconnect, is sent from the
 * event as it was consumed, filtered by the reader rule as things stand when it is sent.
 */
@ApplicationScoped
public class CaseEventLog {

    @Inject
    EntityManager em;

    @Inject
    Event<CaseEvent> relayed;

    private final ObjectMapper lenient;

    @Inject
    CaseEventLog(ObjectMapper json) {
        // Events evolve by adding fields (docs/design.md "Evolution"): a relay tolerates fields it does not know.
        this.lenient = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Keeps the event and hands it to every relay (webhooks, streams), in the consumer's
     * transaction: after the inbox has recorded it, so each event is kept and relayed once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keepAndRelay(CaseEvent event) {
        IncomingEvent e = event.event();
        em.createNativeQuery("INSERT INTO case_event (event_id, type, incident_id, source, time, sequence, traceparent, topic, data) "
                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                .setParameter(1, e.id())
                .setParameter(2, e.type().eventName())
                .setParameter(3, event.incidentId())
                .setParameter(4, e.source())
                .setParameter(5, e.time() == null ? null : Timestamp.from(e.time()))
                .setParameter(6, e.sequence())
                .setParameter(7, e.traceparent())
                .setParameter(8, e.topic())
                .setParameter(9, e.data())
                .executeUpdate();
        relayed.fire(event);
    }

    /** The kept event, read back into the contract's types. */
    public Optional<CaseEvent> find(UUID eventId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT type, incident_id, source, time, sequence, traceparent, topic, data FROM case_event WHERE event_id = ?1")
                .setParameter(1, eventId).getResultList();
        return rows.stream().findFirst().map(r -> read(eventId, r));
    }

    /** Reads a kept row: {@code type, incident_id, source, time, sequence, traceparent, topic, data}. */
    public CaseEvent read(UUID eventId, Object[] row) {
        EventType type = EventType.fromEventName((String) row[0])
                .orElseThrow(() -> new IllegalStateException("case_event " + eventId + " has an unknown type " + row[0]));
        UUID incidentId = (UUID) row[1];
        Instant time = row[3] == null ? null : row[3] instanceof Instant i ? i : ((Timestamp) row[3]).toInstant();
        String data = (String) row[7];
        IncomingEvent event = new IncomingEvent(eventId, type, (String) row[2], incidentId, time, ((Number) row[4]).longValue(),
                (String) row[5], (String) row[6], data);
        return new CaseEvent(event, incidentId, parse(type, data));
    }

    /** The data of a case event in the contract's type. */
    public Object parse(EventType type, String data) {
        Class<?> target = type.topic() == Topic.INCIDENT_EVENTS ? IncidentEventData.class
                : type.topic() == Topic.INVESTIGATION_EVENTS ? InvestigationEventData.class : ObligationEventData.class;
        try {
            return lenient.readValue(data, target);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + type.eventName() + " data: " + e.getMessage(), e);
        }
    }
}
