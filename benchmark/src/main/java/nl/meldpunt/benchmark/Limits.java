package nl.meldpunt.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the machine allows for the work of one report, without Meldpunt's code around it:
 * the intake transaction's own SQL over JDBC, and a bare producer's acknowledged sends.
 */
final class Limits {

    static final String LIMIT_DATABASE = "bench_limit";

    /* The intake's statements, word for word as incident-service and EventLog send them (LimitsTest checks that). */
    static final String NEXT_REFERENCE = "SELECT nextval('incident_reference_seq')";
    static final String LOCK_INCIDENT = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";
    static final String LAST_EVENT = "SELECT sequence, hash FROM event_log WHERE aggregate_id = ? ORDER BY sequence DESC LIMIT 1";
    static final String INSERT_EVENT = "INSERT INTO event_log (event_id, aggregate_id, sequence, "
            + "event_type, topic, actor, occurred_at, data, traceparent, tracestate, prev_hash, hash) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_INCIDENT = "INSERT INTO incident (id, reference, status, severity, tlp, title, "
            + "organisation_name, organisation_kind, required_authorities, details, reported_by_subject, reported_by_org, "
            + "reported_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)";
    static final String LIMIT_TOPIC = "bench-limit";

    /** A stored incident row and its incident.reported event, copied from one real report, so the SQL writes the same bytes. */
    record Sample(String status, String severity, String tlp, String title, String organisationName, String organisationKind,
            String requiredAuthorities, String details, String subject, String organisation, String eventType, String topic,
            String eventData) {

        static Sample readFrom(Connection incidentDb) throws SQLException {
            try (Statement s = incidentDb.createStatement();
                    ResultSet i = s.executeQuery("SELECT status, severity, tlp, title, organisation_name, organisation_kind, "
                            + "required_authorities, details::text, reported_by_subject, reported_by_org FROM incident LIMIT 1")) {
                if (!i.next()) {
                    throw new IllegalStateException("no incident to copy: the first report did not arrive");
                }
                String[] row = new String[10];
                for (int c = 0; c < 10; c++) {
                    row[c] = i.getString(c + 1);
                }
                try (ResultSet e = s.executeQuery(
                        "SELECT event_type, topic, data FROM event_log WHERE event_type = 'incident.reported' LIMIT 1")) {
                    if (!e.next()) {
                        throw new IllegalStateException("no incident.reported in the event log");
                    }
                    return new Sample(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                            e.getString(1), e.getString(2), e.getString(3));
                }
            }
        }
    }

    private Limits() {
    }

    /** Creates the limit's own database with incident-service's schema, read from the migrations in the repository. */
    static void prepareDatabase(Platform platform, Path root) throws Exception {
        platform.stack().createDatabase(LIMIT_DATABASE);
        // Every migration incident-service applies: the shared event log's (V0_x) first, then its own.
        List<Path> migrations = new java.util.ArrayList<>();
        for (String dir : List.of("service-support", "incident-service")) {
            try (java.util.stream.Stream<Path> files = Files.list(root.resolve(dir + "/src/main/resources/db/migration"))) {
                files.filter(f -> f.getFileName().toString().endsWith(".sql"))
                        .sorted(java.util.Comparator.comparing(f -> f.getFileName().toString())).forEach(migrations::add);
            }
        }
        try (Connection c = platform.connect(LIMIT_DATABASE); Statement s = c.createStatement()) {
            for (Path m : migrations) {
                s.execute(Files.readString(m));
            }
        }
    }

    /**
     * The statements {@code IncidentService.report} and {@code EventLog.append} send, in their order:
     * the reference number, the per-incident advisory lock, the chain's last event, the event row
     * (whose trigger notifies the relay), the incident row (Hibernate flushes it at commit), commit.
     */
    static ClosedLoad.Result intakeSql(Platform platform, Sample sample, int clients, Duration warmUp, Duration duration)
            throws Exception {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Connection c = platform.connect(LIMIT_DATABASE);
                c.setAutoCommit(false);
                connections.add(c);
            }
            return ClosedLoad.run(clients, warmUp, duration, client -> {
                transaction(connections.get(client), sample);
                return true;
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private static void transaction(Connection c, Sample s) throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long number;
        try (PreparedStatement ps = c.prepareStatement(NEXT_REFERENCE); ResultSet rs = ps.executeQuery()) {
            rs.next();
            number = rs.getLong(1);
        }
        try (PreparedStatement lock = c.prepareStatement(LOCK_INCIDENT)) {
            lock.setString(1, id.toString());
            lock.execute();
        }
        long sequence = 1;
        String prevHash = null;
        try (PreparedStatement last = c.prepareStatement(LAST_EVENT)) {
            last.setObject(1, id);
            try (ResultSet rs = last.executeQuery()) {
                if (rs.next()) {
                    sequence = rs.getLong(1) + 1;
                    prevHash = rs.getString(2);
                }
            }
        }
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest((prevHash + id + sequence + s.eventData()).getBytes(StandardCharsets.UTF_8)));
        try (PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, id);
            insert.setLong(3, sequence);
            insert.setString(4, s.eventType());
            insert.setString(5, s.topic());
            insert.setString(6, s.subject());
            insert.setTimestamp(7, Timestamp.from(now));
            insert.setString(8, s.eventData());
            insert.setString(9, "00-" + hash.substring(0, 32) + "-" + hash.substring(32, 48) + "-01");
            insert.setString(10, null);
            insert.setString(11, prevHash);
            insert.setString(12, hash);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_INCIDENT)) {
            insert.setObject(1, id);
            insert.setString(2, String.format("INC-2026-%06d", number));
            insert.setString(3, s.status());
            insert.setString(4, s.severity());
            insert.setString(5, s.tlp());
            insert.setString(6, s.title());
            insert.setString(7, s.organisationName());
            insert.setString(8, s.organisationKind());
            insert.setString(9, s.requiredAuthorities());
            insert.setString(10, s.details());
            insert.setString(11, s.subject());
            insert.setString(12, s.organisation());
            insert.setTimestamp(13, Timestamp.from(now));
            insert.setTimestamp(14, Timestamp.from(now));
            insert.setLong(15, 1);
            insert.executeUpdate();
        }
        c.commit();
    }

    /** Creates the producer limit's own topic, partitioned as Meldpunt's topics are. */
    static void prepareTopic(Platform platform) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.stack().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(LIMIT_TOPIC, nl.meldpunt.localstack.LocalStack.PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Acknowledged sends of one producer configured as the outbox relay's ({@code acks=all},
     * idempotent, no linger), each client waiting for its record's acknowledgement.
     */
    static ClosedLoad.Result producerSends(Platform platform, Sample sample, int clients, Duration warmUp, Duration duration)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.stack().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            return ClosedLoad.run(clients, warmUp, duration, client -> {
                ProducerRecord<String, String> r = new ProducerRecord<>(LIMIT_TOPIC, UUID.randomUUID().toString(),
                        sample.eventData());
                // the CloudEvent headers the relay adds, at their usual size
                r.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                r.headers().add("ce_type", sample.eventType().getBytes(StandardCharsets.UTF_8));
                r.headers().add("ce_source", "/meldpunt/incident-service".getBytes(StandardCharsets.UTF_8));
                r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
                r.headers().add("ce_time", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
                producer.send(r).get(30, TimeUnit.SECONDS);
                return true;
            });
        }
    }
}
