package nl.meldpunt.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import nl.meldpunt.notification.config.WebhookConfig;
import nl.meldpunt.notification.domain.webhook.DeliveryOutcome;
import nl.meldpunt.notification.domain.webhook.RetrySchedule;
import nl.meldpunt.notification.events.CaseEvent;
import nl.meldpunt.notification.events.CaseEventLog;
import nl.meldpunt.notification.events.CaseFactsLookup;
import nl.meldpunt.notification.events.EventReading;
import nl.meldpunt.reader.Reader;

/**
 * The durable queue of webhook messages (table webhook_message) and their attempts.
 *
 * <p><b>Claiming.</b> A worker claims one message in a short transaction: the oldest due PENDING
 * message of an ACTIVE subscription that has no earlier PENDING message for the same incident,
 * locked with {@code FOR UPDATE SKIP LOCKED} and given a lease. It then sends without holding a
 * transaction, and records the outcome in another. Two workers, in one instance or in several,
 * never hold the same message: the row lock keeps them apart while claiming and the lease
 * afterwards. A worker that dies while sending leaves a lease that runs out; the message is then
 * sent again with the same {@code webhook-id} (at least once, never lost).
 *
 * <p><b>Order.</b> For one subscription and one incident, a message is not claimed while an
 * earlier one is still PENDING, whether it is being sent or waiting for its retry. Messages of
 * other incidents do not wait behind it.
 */
@ApplicationScoped
public class DeliveryQueue {

    /** How long past the attempt's timeout a claim stays leased. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final Clock wallClock = Clock.systemUTC();
    private final RandomGenerator random = RandomGenerator.getDefault();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookConfig config;

    @Inject
    CaseEventLog events;

    @Inject
    CaseFactsLookup lookup;

    @Inject
    EventReading reading;

    @Inject
    Subscriptions subscriptions;

    @Inject
    ObjectMapper json;

    private RetrySchedule schedule;

    RetrySchedule schedule() {
        if (schedule == null) {
            schedule = RetrySchedule.parse(config.schedule(), config.jitter());
        }
        return schedule;
    }

    /** A claimed message, ready to send. */
    public record Claim(long row, UUID subscriptionId, String url, List<String> secrets, String messageId, UUID eventId,
            String eventType, int attempt, byte[] body, String traceparent) {
    }

    /**
     * Claims the next due message, if any. A message whose case the subscriber may no longer see
     * is finished as SKIPPED here, without a call; the result is then an empty claim list entry,
     * and the caller simply claims again.
     *
     * @return empty when nothing is due; a claim with a null body when the message was skipped
     */
    @Transactional
    public Optional<Claim> claim() {
        Instant now = wallClock.instant();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE webhook_message SET lease_until = ?, attempts = attempts + 1 WHERE id = ("
                        + " SELECT m.id FROM webhook_message m JOIN webhook_subscription s ON s.id = m.subscription_id"
                        + " WHERE m.state = 'PENDING' AND m.next_attempt_at <= ? AND (m.lease_until IS NULL OR m.lease_until < ?)"
                        + " AND s.state = 'ACTIVE'"
                        + " AND NOT EXISTS (SELECT 1 FROM webhook_message e WHERE e.subscription_id = m.subscription_id"
                        + "   AND e.incident_id = m.incident_id AND e.state = 'PENDING' AND e.id < m.id)"
                        + " ORDER BY m.next_attempt_at, m.id LIMIT 1 FOR UPDATE OF m SKIP LOCKED)"
                        + " RETURNING id, subscription_id, event_id, message_id, event_type, attempts")) {
            ps.setTimestamp(1, Timestamp.from(now.plus(config.timeout()).plus(LEASE_MARGIN)));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            long row;
            UUID subscriptionId;
            UUID eventId;
            String messageId;
            String type;
            int attempt;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = rs.getLong(1);
                subscriptionId = rs.getObject(2, UUID.class);
                eventId = rs.getObject(3, UUID.class);
                messageId = rs.getString(4);
                type = rs.getString(5);
                attempt = rs.getInt(6);
            }
            StoredSubscription s = subscriptions.find(subscriptionId).orElseThrow();
            CaseEvent event = events.find(eventId).orElseThrow(
                    () -> new IllegalStateException("webhook message " + row + " refers to event " + eventId + ", which is gone"));
            Reader reader = SubscriptionTarget.reader(s);
            Optional<byte[]> body = reading.cloudEvent(reader, event, lookup.facts(event.incidentId())).map(this::bytes);
            if (body.isEmpty()) {
                skip(c, row, subscriptionId, messageId, eventId, type, attempt, now);
                return Optional.of(new Claim(row, subscriptionId, s.url, List.of(), messageId, eventId, type, attempt, null, null));
            }
            return Optional.of(new Claim(row, subscriptionId, s.url,
                    Subscriptions.secrets(s.secret, s.previousSecret, s.previousSecretUntil, now), messageId, eventId, type,
                    attempt, body.get(), event.event().traceparent()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim a webhook message: " + e.getMessage(), e);
        }
    }

    /**
     * Records what the attempt came to, and what follows: delivered; another attempt by the
     * schedule (or the receiver's bounded {@code Retry-After}); or given up. A receiver's 410, an
     * exhausted schedule, or a receiver failing without success for longer than
     * {@code meldpunt.webhooks.disable-after} disables the subscription.
     *
     * @return how the message stands now
     */
    @Transactional
    public String finish(Claim claim, DeliveryOutcome outcome) {
        Instant now = wallClock.instant();
        if (subscriptions.find(claim.subscriptionId()).isEmpty()) {
            return "DELETED"; // deleted while the attempt was made: its messages and log went with it
        }
        try (Connection c = dataSource.getConnection()) {
            recordAttempt(c, claim.subscriptionId(), claim.row(), claim.messageId(), claim.eventId(), claim.eventType(),
                    claim.attempt(), now.minus(outcome.duration()), outcome.result().name(), outcome);
            switch (outcome.result()) {
                case DELIVERED -> {
                    update(c, "UPDATE webhook_message SET state = 'DELIVERED', finished_at = ?, lease_until = NULL, last_error = NULL "
                            + "WHERE id = ?", now, claim.row());
                    update(c, "UPDATE webhook_subscription SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL",
                            claim.subscriptionId());
                    return "DELIVERED";
                }
                case GONE -> {
                    giveUp(c, claim, now, outcome.error());
                    subscriptions.disable(claim.subscriptionId(), "the receiver answered 410 Gone");
                    return "FAILED";
                }
                default -> {
                    Instant failingSince = failingSince(c, claim.subscriptionId(), now);
                    Optional<Duration> wait = schedule().waitBefore(claim.attempt() + 1, random);
                    if (wait.isEmpty()) {
                        giveUp(c, claim, now, outcome.error());
                        subscriptions.disable(claim.subscriptionId(), "retries exhausted: message " + claim.messageId()
                                + " failed " + claim.attempt() + " times, last: " + outcome.error());
                        return "FAILED";
                    }
                    Duration next = outcome.retryAfter().orElse(wait.get());
                    update(c, "UPDATE webhook_message SET next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                            now.plus(next), outcome.error(), claim.row());
                    if (Duration.between(failingSince, now).compareTo(config.disableAfter()) > 0) {
                        subscriptions.disable(claim.subscriptionId(), "failing without a success since " + failingSince
                                + ", longer than " + config.disableAfter() + "; last: " + outcome.error());
                    }
                    return "PENDING";
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record a webhook attempt: " + e.getMessage(), e);
        }
    }

    /** A worker that stops before sending hands its claim back: the attempt did not happen. */
    @Transactional
    public void release(Claim claim) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "UPDATE webhook_message SET lease_until = NULL, attempts = attempts - 1 WHERE id = ? AND state = 'PENDING'",
                    claim.row());
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Records a test ping's attempt in the subscription's delivery log. */
    @Transactional
    public void recordPing(UUID subscriptionId, String messageId, DeliveryOutcome outcome) {
        Instant now = wallClock.instant();
        try (Connection c = dataSource.getConnection()) {
            recordAttempt(c, subscriptionId, null, messageId, null, WebhookPing.TYPE, 1, now.minus(outcome.duration()),
                    outcome.result().name(), outcome);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The state of one message of the subscription, by its {@code webhook-id}; empty when there is none. */
    public Optional<String> messageState(UUID subscriptionId, String messageId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state FROM webhook_message WHERE subscription_id = ? AND message_id = ?")) {
            bind(ps, subscriptionId, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One delivered or failed message again, with the same {@code webhook-id}; false when there is no such finished message. */
    @Transactional
    public boolean redeliver(UUID subscriptionId, String messageId) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, "UPDATE webhook_message SET state = 'PENDING', attempts = 0, next_attempt_at = ?, finished_at = NULL, "
                    + "lease_until = NULL WHERE subscription_id = ? AND message_id = ? AND state IN ('DELIVERED', 'FAILED')",
                    wallClock.instant(), subscriptionId, messageId) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Every message given up since {@code since}, queued again; the number queued. */
    @Transactional
    public int recover(UUID subscriptionId, Instant since) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, "UPDATE webhook_message SET state = 'PENDING', attempts = 0, next_attempt_at = ?, finished_at = NULL, "
                    + "lease_until = NULL WHERE subscription_id = ? AND state = 'FAILED' AND created_at >= ?",
                    wallClock.instant(), subscriptionId, since);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One attempt as {@code GET /subscriptions/{id}/deliveries} lists it. */
    public record Attempt(long id, String messageId, UUID eventId, String eventType, int attempt, Instant attemptedAt,
            String result, Integer status, long durationMs, String error, String responseBody) {
    }

    /** Attempts, newest first; {@code after} is the id of the last attempt of the previous page, or null. */
    public List<Attempt> attempts(UUID subscriptionId, String result, Long after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, message_id, event_id, event_type, attempt, attempted_at, result, status, "
                + "duration_ms, error, response_body FROM webhook_attempt WHERE subscription_id = ?");
        List<Object> params = new ArrayList<>(List.of(subscriptionId));
        if (result != null) {
            sql.append(" AND result = ?");
            params.add(result);
        }
        if (after != null) {
            sql.append(" AND id < ?");
            params.add(after);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        List<Attempt> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Attempt(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getInt(5),
                            rs.getTimestamp(6).toInstant(), rs.getString(7), (Integer) rs.getObject(8), rs.getLong(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rows;
    }

    public long countAttempts(UUID subscriptionId, String result) {
        return count("SELECT count(*) FROM webhook_attempt WHERE subscription_id = ?" + (result == null ? "" : " AND result = ?"),
                result == null ? new Object[] {subscriptionId} : new Object[] {subscriptionId, result});
    }

    /** One message as {@code GET /subscriptions/{id}/messages} lists it. */
    public record Message(long id, String messageId, UUID eventId, String eventType, UUID incidentId, String state, int attempts,
            Instant createdAt, Instant nextAttemptAt, Instant finishedAt, String lastError) {
    }

    public List<Message> messages(UUID subscriptionId, String state, Long after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, message_id, event_id, event_type, incident_id, state, attempts, created_at, "
                + "next_attempt_at, finished_at, last_error FROM webhook_message WHERE subscription_id = ?");
        List<Object> params = new ArrayList<>(List.of(subscriptionId));
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state);
        }
        if (after != null) {
            sql.append(" AND id < ?");
            params.add(after);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        List<Message> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp finished = rs.getTimestamp(10);
                    rows.add(new Message(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                            rs.getObject(5, UUID.class), rs.getString(6), rs.getInt(7), rs.getTimestamp(8).toInstant(),
                            "PENDING".equals(rs.getString(6)) ? rs.getTimestamp(9).toInstant() : null,
                            finished == null ? null : finished.toInstant(), rs.getString(11)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rows;
    }

    public long countMessages(UUID subscriptionId, String state) {
        return count("SELECT count(*) FROM webhook_message WHERE subscription_id = ?" + (state == null ? "" : " AND state = ?"),
                state == null ? new Object[] {subscriptionId} : new Object[] {subscriptionId, state});
    }

    /** For the metrics: messages waiting to be delivered, and the age of the oldest in seconds. */
    public record Backlog(long pending, double oldestSeconds) {
    }

    public Backlog backlog() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), min(created_at) FROM webhook_message WHERE state = 'PENDING'")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp oldest = rs.getTimestamp(2);
                return new Backlog(rs.getLong(1),
                        oldest == null ? 0 : Duration.between(oldest.toInstant(), wallClock.instant()).toMillis() / 1000.0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Deletes finished messages and attempts older than {@code meldpunt.webhooks.keep}, and kept case
     * events of that age that no message needs; the number of messages deleted.
     */
    @Transactional
    public int purge() {
        Instant before = wallClock.instant().minus(config.keep());
        try (Connection c = dataSource.getConnection()) {
            update(c, "DELETE FROM webhook_attempt WHERE attempted_at < ?", before);
            int messages = update(c, "DELETE FROM webhook_message WHERE state <> 'PENDING' AND finished_at < ?", before);
            // The kept events go too, once no message waits for them; the stream feed keeps its own,
            // shorter, retention (docs/streams.md) and is never older than this.
            update(c, "DELETE FROM case_event e WHERE e.received_at < ? AND NOT EXISTS "
                    + "(SELECT 1 FROM webhook_message m WHERE m.event_id = e.event_id)", before);
            return messages;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void skip(Connection c, long row, UUID subscriptionId, String messageId, UUID eventId, String type, int attempt,
            Instant now) throws SQLException {
        String reason = "not sent: the subscriber may no longer see this case (reader rule)";
        update(c, "UPDATE webhook_message SET state = 'SKIPPED', finished_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                now, reason, row);
        recordAttempt(c, subscriptionId, row, messageId, eventId, type, attempt, now, "SKIPPED",
                DeliveryOutcome.refused(Duration.ZERO, reason));
    }

    private void giveUp(Connection c, Claim claim, Instant now, String error) throws SQLException {
        update(c, "UPDATE webhook_message SET state = 'FAILED', finished_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                now, error, claim.row());
    }

    private Instant failingSince(Connection c, UUID subscriptionId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_subscription SET failing_since = coalesce(failing_since, ?) "
                + "WHERE id = ? RETURNING failing_since")) {
            bind(ps, now, subscriptionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : now;
            }
        }
    }

    private static void recordAttempt(Connection c, UUID subscriptionId, Long row, String messageId, UUID eventId, String type,
            int attempt, Instant at, String result, DeliveryOutcome outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_attempt (subscription_id, message, message_id, event_id, "
                + "event_type, attempt, attempted_at, result, status, duration_ms, error, response_body) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(ps, subscriptionId, row, messageId, eventId, type, attempt, at, result,
                    outcome.status().isPresent() ? outcome.status().getAsInt() : null, outcome.duration().toMillis(),
                    outcome.error(), outcome.responseBody().isEmpty() ? null : outcome.responseBody());
            ps.executeUpdate();
        }
    }

    private long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    private byte[] bytes(Object cloudEvent) {
        try {
            return json.writeValueAsString(cloudEvent).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a CloudEvent is always serialisable", e);
        }
    }
}
