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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.support.inbox.ConsumerBatch;

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

    @Inject
    ConsumerBatch batch;

    /** An event appended in this transaction and not yet written: everything but its place in the chain. */
    private record Pending(UUID eventId, UUID aggregateId, EventType type, String actor, Instant occurredAt, String payload,
            String traceparent, String tracestate) {
    }

    /**
     * Appends an event for the aggregate (the incident) inside the current transaction.
     * A transaction-scoped advisory lock on the aggregate serialises concurrent appends, so
     * sequences never collide and per-incident order equals commit order. Inside a consumer batch
     * the event is written with the batch's other events, before the batch commits
     * ({@link ConsumerBatch}); its time, id and trace are the ones of this call.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventType type, UUID aggregateId, String actor, Object data) {
        String payload;
        try {
            payload = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serialisable: " + e.getMessage(), e);
        }
        // The span of the request or consumed event that made this change; a change made outside any
        // span (none is current) starts a trace of its own.
        Map<String, String> trace = tracing.current();
        String traceparent = trace.getOrDefault("traceparent", "00-" + randomHex(16) + "-" + randomHex(8) + "-01");
        // PostgreSQL keeps microseconds: hash exactly what will be read back.
        Pending event = new Pending(TimeOrderedUuid.next(), aggregateId, type, actor,
                clock.instant().truncatedTo(ChronoUnit.MICROS), payload, traceparent, trace.get("tracestate"));
        batch.<Pending>buffer(this, this::write).ifPresentOrElse(pending -> pending.add(event), () -> write(List.of(event)));
    }

    /**
     * Writes events in the order given per aggregate: the aggregates' advisory locks (in one
     * order, so two writers never wait on each other crosswise), the last link of each chain, then
     * every row, three round trips however many events.
     */
    private void write(List<Pending> events) {
        Map<UUID, List<Pending>> byAggregate = new TreeMap<>(Comparator.comparing(UUID::toString));
        events.forEach(e -> byAggregate.computeIfAbsent(e.aggregateId(), a -> new ArrayList<>()).add(e));
        try (Connection c = dataSource.getConnection()) {
            Map<UUID, String> lastHash = new HashMap<>();
            Map<UUID, Long> lastSequence = new HashMap<>();
            if (byAggregate.size() == 1) {
                // The common case of a request: one aggregate, with plain statements.
                UUID aggregateId = byAggregate.keySet().iterator().next();
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, aggregateId.toString());
                    lock.execute();
                }
                try (PreparedStatement last = c.prepareStatement(
                        "SELECT sequence, hash FROM event_log WHERE aggregate_id = ? ORDER BY sequence DESC LIMIT 1")) {
                    last.setObject(1, aggregateId);
                    readLast(last, rs -> aggregateId, lastSequence, lastHash);
                }
            } else {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) "
                        + "FROM unnest(?::text[]) WITH ORDINALITY AS a(k, n) ORDER BY n")) {
                    lock.setArray(1, c.createArrayOf("text",
                            byAggregate.keySet().stream().map(UUID::toString).toArray(String[]::new)));
                    lock.execute();
                }
                try (PreparedStatement last = c.prepareStatement("SELECT sequence, hash, a.id FROM unnest(?::uuid[]) AS a(id) "
                        + "CROSS JOIN LATERAL (SELECT sequence, hash FROM event_log WHERE aggregate_id = a.id "
                        + "ORDER BY sequence DESC LIMIT 1) l")) {
                    last.setArray(1, c.createArrayOf("uuid", byAggregate.keySet().toArray()));
                    readLast(last, rs -> rs.getObject(3, UUID.class), lastSequence, lastHash);
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO event_log (event_id, aggregate_id, sequence, "
                    + "event_type, topic, actor, occurred_at, data, traceparent, tracestate, prev_hash, hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<UUID, List<Pending>> chain : byAggregate.entrySet()) {
                    long sequence = lastSequence.getOrDefault(chain.getKey(), 0L);
                    String prevHash = lastHash.get(chain.getKey());
                    for (Pending e : chain.getValue()) {
                        sequence++;
                        String hash = EventChain.hash(prevHash, e.eventId(), e.aggregateId(), sequence, e.type().eventName(),
                                e.actor(), e.occurredAt(), e.payload());
                        insert.setObject(1, e.eventId());
                        insert.setObject(2, e.aggregateId());
                        insert.setLong(3, sequence);
                        insert.setString(4, e.type().eventName());
                        insert.setString(5, e.type().topic().topicName());
                        insert.setString(6, e.actor());
                        insert.setTimestamp(7, Timestamp.from(e.occurredAt()));
                        insert.setString(8, e.payload());
                        insert.setString(9, e.traceparent());
                        insert.setString(10, e.tracestate());
                        insert.setString(11, prevHash);
                        insert.setString(12, hash);
                        if (events.size() > 1) {
                            insert.addBatch();
                        }
                        prevHash = hash;
                    }
                }
                if (events.size() == 1) {
                    insert.executeUpdate();
                } else {
                    insert.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("event could not be appended: " + e.getMessage(), e);
        }
    }

    private interface AggregateOf {
        UUID of(ResultSet rs) throws SQLException;
    }

    /** Reads {@code sequence, hash[, aggregate]} rows: each chain's last link. */
    private static void readLast(PreparedStatement last, AggregateOf aggregate, Map<UUID, Long> lastSequence,
            Map<UUID, String> lastHash) throws SQLException {
        try (ResultSet rs = last.executeQuery()) {
            while (rs.next()) {
                UUID id = aggregate.of(rs);
                lastSequence.put(id, rs.getLong(1));
                lastHash.put(id, rs.getString(2));
            }
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
