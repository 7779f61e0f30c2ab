package nl.meldpunt.notification.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import nl.meldpunt.notification.events.CaseEvent;
import nl.meldpunt.notification.events.CaseEvents;
import nl.meldpunt.notification.events.CaseEventLog;

/**
 * The durable feed behind {@code GET /streams/events}: every kept case event, staged in the
 * consumer's transaction and given its position by the {@link Sequencer} once committed.
 */
@ApplicationScoped
public class StreamFeed {

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CaseEventLog log;

    @Inject
    Sequencer sequencer;

    /** Stages the events in the consumer's transaction, in order: they reach the feed with the inbox records or not at all. */
    void stage(@Observes CaseEvents kept) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO stream_feed (event_id) VALUES (?)")) {
            for (CaseEvent event : kept.events()) {
                insert.setObject(1, event.event().id());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("events could not be staged for the stream feed: " + e.getMessage(), e);
        }
    }

    /** Once the consumer's transaction committed, this instance places the events without waiting for a poll. */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) CaseEvents kept) {
        sequencer.wake();
    }

    /** Up to {@code limit} placed events after {@code position}, in order. */
    @Transactional
    public List<FeedEntry> after(long position, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT f.position, c.event_id, c.type, c.incident_id, c.source, c.time, "
                + "c.sequence, c.traceparent, c.topic, c.data FROM stream_feed f JOIN case_event c ON c.event_id = f.event_id "
                + "WHERE f.position > ?1 ORDER BY f.position LIMIT ?2")
                .setParameter(1, position).setParameter(2, limit).getResultList();
        List<FeedEntry> entries = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Object[] row = new Object[8];
            System.arraycopy(r, 2, row, 0, 8);
            entries.add(new FeedEntry(((Number) r[0]).longValue(), log.read((UUID) r[1], row)));
        }
        return entries;
    }

    /** The last placed position (0 before the first event). */
    @Transactional
    public long head() {
        Number n = (Number) em.createNativeQuery("SELECT coalesce((SELECT max(position) FROM stream_feed), "
                + "(SELECT purged_through FROM stream_feed_horizon))").getSingleResult();
        return n.longValue();
    }

    /** Positions up to this one were removed by retention. */
    @Transactional
    public long purgedThrough() {
        return ((Number) em.createNativeQuery("SELECT purged_through FROM stream_feed_horizon").getSingleResult()).longValue();
    }

    /** The position of a kept event, once placed. */
    @Transactional
    public Long positionOf(UUID eventId) {
        @SuppressWarnings("unchecked")
        List<Number> p = em.createNativeQuery("SELECT position FROM stream_feed WHERE event_id = ?1 AND position IS NOT NULL")
                .setParameter(1, eventId).getResultList();
        return p.isEmpty() ? null : p.get(0).longValue();
    }

    /**
     * Removes the events placed longer ago than {@code retention} and moves the horizon past them,
     * in one transaction, so a resume either finds its next event or learns it is gone.
     *
     * @return how many were removed
     */
    @Transactional
    public int purgeOlderThan(Duration retention) {
        Number through = (Number) em.createNativeQuery("SELECT max(position) FROM stream_feed "
                + "WHERE positioned_at < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) retention.toMillis() / 1000).getSingleResult();
        if (through == null) {
            return 0;
        }
        em.createNativeQuery("UPDATE stream_feed_horizon SET purged_through = greatest(purged_through, ?1)")
                .setParameter(1, through.longValue()).executeUpdate();
        return em.createNativeQuery("DELETE FROM stream_feed WHERE position <= ?1")
                .setParameter(1, through.longValue()).executeUpdate();
    }
}
