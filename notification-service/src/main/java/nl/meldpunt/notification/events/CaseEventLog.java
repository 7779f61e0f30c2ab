package nl.meldpunt.notification.events;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import io.agroal.api.AgroalDataSource;
import nl.meldpunt.support.inbox.ConsumerBatch;
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
    AgroalDataSource dataSource;

    @Inject
    ConsumerBatch batch;

    @Inject
    Event<CaseEvents> relayed;

    private final ObjectMapper lenient;

    @Inject
    CaseEventLog(ObjectMapper json) {
        // Events evolve by adding fields (docs/design.md "Evolution"): a relay tolerates fields it does not know.
        this.lenient = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Keeps the event and hands it to every relay (webhooks, streams), in the consumer's
     * transaction: after the inbox has recorded it, so each event is kept and relayed once. Inside
     * a consumer batch the events of the whole poll are kept and handed on together, before it commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keepAndRelay(CaseEvent event) {
        batch.<CaseEvent>buffer(this, this::keepAll).ifPresentOrElse(kept -> kept.add(event), () -> keepAll(List.of(event)));
    }

    private void keepAll(List<CaseEvent> events) {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO case_event (event_id, type, incident_id, source, time, sequence, traceparent, topic, data) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CaseEvent event : events) {
                IncomingEvent e = event.event();
                insert.setObject(1, e.id());
                insert.setString(2, e.type().eventName());
                insert.setObject(3, event.incidentId());
                insert.setString(4, e.source());
                insert.setTimestamp(5, e.time() == null ? null : Timestamp.from(e.time()));
                insert.setLong(6, e.sequence());
                insert.setString(7, e.traceparent());
                insert.setString(8, e.topic());
                insert.setString(9, e.data());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("case events could not be kept: " + e.getMessage(), e);
        }
        relayed.fire(new CaseEvents(events));
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
