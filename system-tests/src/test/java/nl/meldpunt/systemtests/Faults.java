package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * The faults the suite and the soak inject into the running platform. Each returns when the fault
 * has happened and the platform has been put back (restarted, scaled back); whether anything was
 * lost or applied twice is the {@link InvariantChecker}'s to say.
 *
 * <p>The moment of each fault comes from the {@link Random} given, so a printed seed replays it.
 * The pauses here are the fault itself (how long before the kill, how long the broker is away),
 * not waits for a condition.
 */
final class Faults {

    private Faults() {
    }

    static void log(String what) {
        System.out.println("[faults] " + what);
    }

    /** Pauses between {@code min} and {@code max}, chosen by {@code random}: the moment of a fault. */
    static void randomMoment(Random random, Duration min, Duration max) {
        long nanos = min.toNanos() + (long) (random.nextDouble() * (max.toNanos() - min.toNanos()));
        log(String.format("  fault in %.2f s", nanos / 1e9));
        LockSupport.parkNanos(nanos);
    }

    static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }

    /** {@code kill -9} of a platform service, then the same service started again on its port. */
    static void killAndRestart(Service service) throws Exception {
        kill(service);
        restart(List.of(service));
    }

    /** {@code kill -9} of a platform service, saying how many records its groups had not committed. */
    static void kill(Service service) throws Exception {
        long uncommitted = InvariantChecker.lag();
        RunningPlatform.kill(service);
        log("  killed " + service.moduleName() + " (kill -9) with " + uncommitted + " records not yet committed by the groups");
    }

    /** Starts the platform's services again, at once, and waits until all are ready. */
    static void restart(List<Service> services) throws Exception {
        parallel(services.stream().map(s -> (java.util.concurrent.Callable<Void>) () -> {
            RunningPlatform.startAgain(s);
            return null;
        }).toList());
        log("  " + services.stream().map(Service::moduleName).collect(Collectors.joining(", ")) + " ready again");
    }

    /** Runs the tasks at once (JVM start-ups overlap) and rethrows the first failure. */
    static <T> List<T> parallel(List<java.util.concurrent.Callable<T>> tasks) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (java.util.concurrent.Future<T> f : pool.invokeAll(tasks)) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether the outbox relay of the instance at this URL holds the lock and publishes. */
    static boolean relayActive(String url) {
        Boolean active = given().baseUri(url).get("/q/health/ready").then()
                .extract().path("checks.find { it.name == 'outbox' }.data.relayActiveHere");
        return Boolean.TRUE.equals(active);
    }

    /**
     * Kills the incident-service instance whose relay is active the moment the next record of
     * {@code incident-events} is seen on the wire: as close as the suite can get to a kill between Kafka's
     * acknowledgement and the relay marking the row. Says afterwards whether the kill landed in that window
     * (the row still unpublished), which the standby's relay then sends again: a copy on the wire.
     */
    static boolean killActiveRelayOnTheWire(List<Instance> others) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-watch-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> watch = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < LocalStack.PARTITIONS; i++) {
                partitions.add(new TopicPartition("incident-events", i));
            }
            watch.assign(partitions);
            watch.seekToEnd(partitions);
            partitions.forEach(watch::position);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                var records = watch.poll(Duration.ofMillis(5));
                if (!records.isEmpty()) {
                    ConsumerRecord<String, String> r = records.iterator().next();
                    killActiveRelay(others);
                    String eventId = TopicReader.header(r, "ce_id");
                    boolean unmarked = unpublished(UUID.fromString(eventId));
                    log("  killed the active relay on seeing " + eventId + " on the wire; its row was "
                            + (unmarked ? "NOT yet marked (the standby will send it again)" : "already marked"));
                    return unmarked;
                }
            }
            throw new IllegalStateException("no record on incident-events within 30 s: is the load running?");
        }
    }

    /** Kills whichever of the platform's incident-service and {@code others} holds the relay. */
    static void killActiveRelay(List<Instance> others) throws Exception {
        if (RunningPlatform.alive(Service.INCIDENT) && relayActive(Service.INCIDENT.url())) {
            RunningPlatform.kill(Service.INCIDENT);
            log("  killed the platform's incident-service, the active relay");
            return;
        }
        for (Instance other : others) {
            if (other.process().isAlive() && relayActive(other.url())) {
                other.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                log("  killed incident-service on port " + other.port() + ", the active relay");
                return;
            }
        }
        throw new IllegalStateException("no incident-service instance holds the relay");
    }

    /** Whether some live incident-service instance (the platform's or one of {@code others}) holds the relay. */
    static boolean someRelayActive(List<Instance> others) {
        if (RunningPlatform.alive(Service.INCIDENT) && relayActive(Service.INCIDENT.url())) {
            return true;
        }
        return others.stream().anyMatch(i -> i.process().isAlive() && relayActive(i.url()));
    }

    private static boolean unpublished(UUID eventId) throws SQLException {
        try (Connection c = InvariantChecker.connect(Service.INCIDENT);
                PreparedStatement ps = c.prepareStatement("SELECT published_at IS NULL FROM event_log WHERE event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** PostgreSQL stopped (fast shutdown: every session cut) and started again on its port and data. */
    static void restartPostgres(Duration away) {
        LocalStack stack = SharedStack.stack();
        stack.stopPostgres();
        log("  PostgreSQL stopped");
        pause(away);
        stack.startPostgresAgain();
        log("  PostgreSQL started again after " + away.toMillis() + " ms");
    }

    /** Every session of the services to PostgreSQL cut at once ({@code pg_terminate_backend}), the server staying up. */
    static int cutDatabaseConnections() throws SQLException {
        int cut = 0;
        try (Connection c = InvariantChecker.connect(Service.INCIDENT); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE usename = '" + LocalStack.DB_USER + "' AND pid <> pg_backend_pid()"
                        + " AND datname IN ('incident', 'investigation', 'notification')")) {
            while (rs.next()) {
                cut += rs.getBoolean(1) ? 1 : 0;
            }
        }
        log("  cut " + cut + " database connections");
        return cut;
    }

    /** The broker stopped, and started again on the same port and log directory after {@code away}. */
    static void stopKafka(Duration away) {
        LocalStack stack = SharedStack.stack();
        stack.stopKafka();
        log("  Kafka stopped");
        pause(away);
        stack.startKafka();
        log("  Kafka started again after " + away.toSeconds() + " s");
    }

    /** A second instance of each consumer service on the platform's database and groups (a rebalance each way). */
    static List<Instance> scaleConsumersOut() throws Exception {
        List<Instance> added = parallel(List.of(
                () -> remember(RunningPlatform.startInstance(Service.INVESTIGATION, "investigation-scaled",
                        Service.INVESTIGATION.database(), List.of())),
                () -> remember(RunningPlatform.startInstance(Service.NOTIFICATION, "notification-scaled",
                        Service.NOTIFICATION.database(), List.of()))));
        log("  scaled out: a second investigation-service and notification-service joined their groups");
        return added;
    }

    private static final List<Instance> LEFT_RUNNING = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static Instance remember(Instance instance) {
        LEFT_RUNNING.add(instance);
        return instance;
    }

    /** Stops what a scale-out started and a failed case did not scale in again. */
    static void stopLeftovers() throws InterruptedException {
        if (!LEFT_RUNNING.isEmpty()) {
            scaleIn(List.copyOf(LEFT_RUNNING));
        }
    }

    /** Stops instances as production scales in (TERM, so they leave their groups). */
    static void scaleIn(List<Instance> instances) throws InterruptedException {
        LEFT_RUNNING.removeAll(instances);
        for (Instance i : instances) {
            i.process().destroy();
        }
        for (Instance i : instances) {
            if (!i.process().waitFor(60, TimeUnit.SECONDS)) {
                i.process().destroyForcibly();
            }
        }
        log("  scaled in: " + instances.size() + " instances stopped");
    }

    /** The dead-letter topics a poison record on each topic must land on (one per consuming group). */
    static final Map<String, List<String>> DEAD_LETTERS = Map.of(
            "incident-events", List.of("investigation-service.incident-events.dlq", "notification-service.incident-events.dlq"),
            "investigation-events", List.of("incident-service.investigation-events.dlq", "notification-service.investigation-events.dlq"),
            "notification-events", List.of("notification-service.notification-events.dlq"));

    /** Sends one garbage record (no CloudEvent headers, a body that is not JSON) to each topic; returns its key per topic. */
    static Map<String, String> poison() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Map<String, String> keys = DEAD_LETTERS.keySet().stream()
                .collect(Collectors.toMap(t -> t, t -> UUID.randomUUID().toString()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            keys.forEach((topic, key) -> {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, "\u0000garbage{not json");
                r.headers().add("ce_type", "nl.meldpunt.no-such-event.v1".getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            });
            producer.flush();
        }
        log("  sent a poison record to each of " + keys.keySet());
        return keys;
    }
}
