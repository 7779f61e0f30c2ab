package nl.meldpunt.support.outbox;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import nl.meldpunt.contract.EventType;

/**
 * The append-only, hash-chained event log of a service, which is also its transactional outbox.
 * {@link #append} joins the caller's transaction, so the event commits or rolls back with the
 * state change it describes; {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class EventLog {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "position, event_id, aggregate_id, sequence, event_type, topic, actor, occurred_at, "
            + "data, traceparent, prev_hash, hash, published_at";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** The service's clock (see {@code Clocks}), the same one its domain reads. */
    @Inject
    Clock clock;

    @Inject
    nl.meldpunt.support.trace.Tracing tracing;

    /**
     * Appends an event for the aggregate (the incident) inside the current transaction.
     * A transaction-scoped advisory lock on the aggregate serialises concurrent appends, so
     * sequences never collide and per-incident order equals commit order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public LoggedEvent append(EventType type, UUID aggregateId, String actor, Object data) {
        String payload;
        try {
            payload = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable: " + e.getMessage(), e);
        }
        // PostgreSQL keeps microseconds: hash exactly what will be read back.
        Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID eventId = TimeOrderedUuid.next();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, aggregateId.toString());
                lock.execute();
            }
            long sequence = 1;
            String prevHash = null;
            try (PreparedStatement last = c.prepareStatement(
                    "SELECT sequence, hash FROM event_log WHERE aggregate_id = ? ORDER BY sequence DESC LIMIT 1")) {
                last.setObject(1, aggregateId);
                try (ResultSet rs = last.executeQuery()) {
                    if (rs.next()) {
                        sequence = rs.getLong(1) + 1;
                        prevHash = rs.getString(2);
                    }
                }
            }
            String hash = EventChain.hash(prevHash, eventId, aggregateId, sequence, type.eventName(), actor, occurredAt, payload);
            // The span of the request or consumed event that made this change; a change made outside any
            // span (none is current) starts a trace of its own.
            Map<String, String> trace = tracing.current();
            String traceparent = trace.getOrDefault("traceparent", "00-" + randomHex(16) + "-" + randomHex(8) + "-01");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO event_log (event_id, aggregate_id, sequence, "
                    + "event_type, topic, actor, occurred_at, data, traceparent, tracestate, prev_hash, hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING position")) {
                insert.setObject(1, eventId);
                insert.setObject(2, aggregateId);
                insert.setLong(3, sequence);
                insert.setString(4, type.eventName());
                insert.setString(5, type.topic().topicName());
                insert.setString(6, actor);
                insert.setTimestamp(7, Timestamp.from(occurredAt));
                insert.setString(8, payload);
                insert.setString(9, traceparent);
                insert.setString(10, trace.get("tracestate"));
                insert.setString(11, prevHash);
                insert.setString(12, hash);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    return new LoggedEvent(rs.getLong(1), eventId, aggregateId, sequence, type.eventName(),
                            type.topic().topicName(), actor, occurredAt, payload, traceparent, prevHash, hash, null);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("event could not be appended: " + e.getMessage(), e);
        }
    }

    /** Every event of the aggregate, oldest first. */
    public List<LoggedEvent> history(UUID aggregateId) {
        return query("SELECT " + COLUMNS + " FROM event_log WHERE aggregate_id = ? ORDER BY sequence", aggregateId);
    }

    /** The events of the aggregate that had committed at {@code asOf}, oldest first. */
    public List<LoggedEvent> historyUntil(UUID aggregateId, Instant asOf) {
        return query("SELECT " + COLUMNS + " FROM event_log WHERE aggregate_id = ? AND occurred_at <= ? ORDER BY sequence",
                aggregateId, Timestamp.from(asOf));
    }

    /** Recomputes the chain from the stored rows and reports the first row that does not match. */
    public ChainVerification verify(UUID aggregateId) {
        List<LoggedEvent> events = history(aggregateId);
        String prev = null;
        long expectedSequence = 1;
        for (LoggedEvent e : events) {
            if (e.sequence() != expectedSequence) {
                return new ChainVerification(false, events.size(), expectedSequence,
                        "event " + expectedSequence + " is missing", null);
            }
            if (!java.util.Objects.equals(prev, e.prevHash())) {
                return new ChainVerification(false, events.size(), e.sequence(),
                        "event " + e.sequence() + " does not link to the hash of the event before it", null);
            }
            if (!EventChain.hashOf(e, prev).equals(e.hash())) {
                return new ChainVerification(false, events.size(), e.sequence(),
                        "event " + e.sequence() + " was altered after it was written: its content no longer matches its hash",
                        null);
            }
            prev = e.hash();
            expectedSequence++;
        }
        return new ChainVerification(true, events.size(), null, null, prev);
    }

    private List<LoggedEvent> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<LoggedEvent> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(read(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("event log unreadable: " + e.getMessage(), e);
        }
    }

    static LoggedEvent read(ResultSet rs) throws SQLException {
        Timestamp published = rs.getTimestamp(13);
        return new LoggedEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), published == null ? null : published.toInstant());
    }

    static String columns() {
        return COLUMNS;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
