package nl.meldpunt.support.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import nl.meldpunt.support.trace.Tracing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;

/**
 * Publishes committed event-log rows to Kafka as binary-mode CloudEvents, in log order, and
 * marks a row published only after Kafka acknowledged it ({@code acks=all}, idempotent producer).
 *
 * <p>One relay is active per service: the instance holding a PostgreSQL session advisory lock.
 * If it dies its session ends, the lock is released, and a standby instance takes over.
 * LISTEN/NOTIFY wakes the active relay the moment a transaction commits; a poll is the fallback.
 * When Kafka is away, rows simply stay unpublished and intake carries on.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Two-int advisory-lock key (separate key space from the per-aggregate bigint locks). */
    private static final int LOCK_CLASS = 0x4d454c44; // "MELD"
    private static final int LOCK_OBJECT = 1;
    private static final String CHANNEL = "meldpunt_outbox";

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    /** The clock that stamps occurred_at, so the relay lag is measured on the same time line. */
    @Inject
    Clock clock;

    @Inject
    Tracing tracing;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private volatile Instant lastFailureAt;
    private volatile String lastFailure;
    private Thread worker;
    private KafkaProducer<String, String> producer;
    private Timer relayLag;

    void onStart(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            LOG.info("outbox relay disabled on this instance");
            return;
        }
        relayLag = Timer.builder("meldpunt.outbox.relay.lag")
                .description("From commit of an event to Kafka's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
        registry.gauge("meldpunt.outbox.relay.active", active, a -> a.get() ? 1 : 0);
        registry.gauge("meldpunt.outbox.published", published, AtomicLong::get);
        running.set(true);
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running.set(false);
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
    }

    /** Whether this instance holds the relay lock. */
    public boolean isActive() {
        return active.get();
    }

    /** Rows this instance parked since it started. */
    public long parkedCount() {
        return parked.get();
    }

    public long publishedCount() {
        return published.get();
    }

    public String lastFailure() {
        return lastFailure;
    }

    public Instant lastFailureAt() {
        return lastFailureAt;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running.get()) {
            try (Connection c = openConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                    // Marking rows published need not wait for the disk: a mark lost in a crash only sends the
                    // row again, which every consumer's inbox recognises. The events themselves were committed
                    // with the service's own transactions, fsync and all; this session writes nothing else.
                    s.execute("SET synchronous_commit = off");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running.get()) {
                    if (!active.get()) {
                        if (tryLock(c)) {
                            active.set(true);
                            LOG.info("outbox relay is active on this instance");
                        } else {
                            pg.getNotifications((int) config.standbyInterval().toMillis());
                            continue;
                        }
                    }
                    int sent = publishBatch(c);
                    if (sent < 0) {
                        sleep(backoff);
                        backoff = min(backoff.multipliedBy(2), config.maxBackoff());
                        continue;
                    }
                    backoff = Duration.ofMillis(200);
                    if (sent < config.batchSize()) {
                        // Block until a commit notifies us, or the fallback poll elapses.
                        pg.getNotifications((int) config.pollInterval().toMillis());
                    }
                }
            } catch (SQLException e) {
                if (running.get()) {
                    recordFailure("database: " + e.getMessage());
                    sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), config.maxBackoff());
                }
            } finally {
                // The session (and with it the lock) is gone; compete for it again on reconnect.
                active.set(false);
            }
        }
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, LOCK_OBJECT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Sends one batch; returns how many rows were published, or -1 when Kafka failed. */
    private int publishBatch(Connection c) throws SQLException {
        List<LoggedEvent> batch = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EventLog.columns()
                + " FROM event_log e WHERE " + PUBLISHABLE + " ORDER BY position LIMIT ?")) {
            ps.setInt(1, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    batch.add(EventLog.read(rs));
                }
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        List<Long> acknowledged = new ArrayList<>();
        boolean failed = false;
        LoggedEvent poison = null;
        String poisonReason = null;
        int i = 0;
        try {
            KafkaProducer<String, String> p = producer();
            List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
            Set<UUID> refused = new HashSet<>();
            for (LoggedEvent e : batch) {
                if (refused.contains(e.aggregateId())) {
                    // Never sent ahead of an earlier event of its incident that the producer refused outright.
                    sends.add(CompletableFuture.failedFuture(new IllegalStateException("waits behind a refused event")));
                    continue;
                }
                Future<RecordMetadata> sent = send(p, e);
                sends.add(sent);
                Throwable failure = failedAtOnce(sent);
                if (failure != null && neverPublishable(failure)) {
                    refused.add(e.aggregateId());
                } else if (failure != null) {
                    // A passing failure (no metadata while Kafka is away): send nothing more this round, so that
                    // no later event overtakes this one if the broker comes back in the middle of the batch.
                    break;
                }
            }
            p.flush();
            for (; i < sends.size(); i++) {
                // Stop at the first failure: nothing after it is marked, so per-incident order holds on retry.
                sends.get(i).get(config.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                acknowledged.add(batch.get(i).position());
                relayLag.record(Duration.between(batch.get(i).occurredAt(), clock.instant()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (neverPublishable(cause)) {
                // This row can never go out: park it and carry on; retrying would block every incident behind it.
                poison = batch.get(i);
                poisonReason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            } else {
                recordFailure("kafka: " + e.getMessage());
                closeProducer();
                failed = true;
            }
        }
        if (poison != null) {
            park(c, poison, poisonReason);
        }
        if (!acknowledged.isEmpty()) {
            try (PreparedStatement mark = c.prepareStatement(
                    "UPDATE event_log SET published_at = now() WHERE position = ANY (?)")) {
                Array positions = c.createArrayOf("bigint", acknowledged.toArray());
                mark.setArray(1, positions);
                mark.executeUpdate();
            }
            published.addAndGet(acknowledged.size());
        }
        if (failed) {
            return -1;
        }
        // A parked row counts as handled, so the loop goes on at once with the rows behind it.
        return acknowledged.size() + (poison != null ? 1 : 0);
    }

    /**
     * Unpublished rows that may go out now: not parked, and not behind a parked row of the same
     * incident, which would break the incident's order.
     */
    static final String PUBLISHABLE = "e.published_at IS NULL AND e.parked_at IS NULL AND NOT EXISTS (SELECT 1 FROM event_log b "
            + "WHERE b.aggregate_id = e.aggregate_id AND b.parked_at IS NOT NULL AND b.published_at IS NULL "
            + "AND b.position < e.position)";

    /**
     * Sends one event in a producer span that continues the trace of the change (its stored
     * {@code traceparent}); the record carries that span as W3C {@code traceparent}, beside the
     * CloudEvents {@code ce_traceparent} of the change itself.
     */
    private Future<RecordMetadata> send(KafkaProducer<String, String> p, LoggedEvent e) {
        Span span = tracing.start("publish " + e.eventType(), SpanKind.PRODUCER, e.traceparent(), null);
        try {
            ProducerRecord<String, String> r = toRecord(e);
            r.headers().add(new RecordHeader("traceparent", Tracing.traceparent(span).getBytes(StandardCharsets.UTF_8)));
            return p.send(r, (metadata, failure) -> {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }
                span.end();
            });
        } catch (UnpublishableEvent u) {
            span.setStatus(StatusCode.ERROR, "unpublishable");
            span.end();
            return CompletableFuture.failedFuture(u);
        } catch (RuntimeException x) {
            span.end();
            throw x;
        }
    }

    /** The failure of a send the producer refused at once, or null while it is in flight or succeeded. */
    private static Throwable failedAtOnce(Future<RecordMetadata> sent) {
        if (!sent.isDone()) {
            return null;
        }
        try {
            sent.get(0, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    /** Failures no retry can mend: the record itself is wrong for this broker or this build. */
    static boolean neverPublishable(Throwable t) {
        return t instanceof RecordTooLargeException || t instanceof SerializationException
                || t instanceof InvalidTopicException || t instanceof UnpublishableEvent;
    }

    private void park(Connection c, LoggedEvent e, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE event_log SET parked_at = now(), parked_reason = ? WHERE position = ? AND published_at IS NULL")) {
            ps.setString(1, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            ps.setLong(2, e.position());
            ps.executeUpdate();
        }
        parked.incrementAndGet();
        LOG.errorf("outbox relay parked event %s (%s of %s, position %d): %s. Later events of that incident wait behind it; "
                + "other incidents carry on. docs/operations.md, \"Parked events\", says what to do.", e.eventId(),
                e.eventType(), e.aggregateId(), e.position(), reason);
    }

    /** An event-log row this build cannot turn into a record. */
    static class UnpublishableEvent extends RuntimeException {
        UnpublishableEvent(String message) {
            super(message);
        }
    }

    private ProducerRecord<String, String> toRecord(LoggedEvent e) {
        EventType type = EventType.fromEventName(e.eventType())
                .orElseThrow(() -> new UnpublishableEvent("unknown event type in log: " + e.eventType()));
        ProducerRecord<String, String> r = new ProducerRecord<>(e.topic(), e.aggregateId().toString(), e.data());
        CloudEventHeaders.binaryMode(e.eventId(), config.source(), type, e.aggregateId(), e.occurredAt(), e.sequence(),
                e.traceparent()).forEach((name, value) -> r.headers().add(new RecordHeader(name,
                        value.getBytes(StandardCharsets.UTF_8))));
        return r;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(config.deliveryTimeout().toMillis()));
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(config.deliveryTimeout().toMillis(), 5000)));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(config.deliveryTimeout().toMillis()));
            p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay" + config.source().replace('/', '-'));
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(2));
            } catch (Exception ignored) {
                // a producer that cannot reach Kafka may not close cleanly; a new one replaces it
            }
            producer = null;
        }
    }

    private Connection openConnection() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", dbUser);
        props.setProperty("password", dbPassword);
        props.setProperty("ApplicationName", "outbox-relay");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private void recordFailure(String message) {
        lastFailure = message;
        lastFailureAt = Instant.now();
        LOG.warnf("outbox relay: %s (will retry)", message);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
