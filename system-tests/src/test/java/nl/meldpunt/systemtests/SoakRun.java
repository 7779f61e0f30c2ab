package nl.meldpunt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.InvariantChecker.Result;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * The soak: a steady load for {@code soak.minutes} (60 by default) with a fault from the suite's
 * list injected at a random moment about every {@code soak.faultSeconds} (60), then the same
 * invariant check as the suite, and how much each table and topic grew.
 *
 * <p>Not part of {@code mvn verify} (the class name does not end in Test). Run it with
 * {@code mvn -pl system-tests -am verify -Dtest=SoakRun -Dsoak.minutes=60 -Dsurefire.failIfNoSpecifiedTests=false};
 * see docs/operations.md.
 */
@ExtendWith(RunningPlatform.class)
class SoakRun {

    private static final Map<Service, List<String>> TABLES = Map.of(
            Service.INCIDENT, List.of("incident", "event_log", "processed_event", "idempotency_key", "incident_investigation"),
            Service.INVESTIGATION, List.of("incident", "investigation", "event_log", "processed_event"),
            Service.NOTIFICATION, List.of("incident", "investigation", "obligation", "case_event", "stream_feed",
                    "webhook_message", "webhook_attempt", "event_log", "processed_event"));

    @Test
    void aSteadyLoadWithRandomFaultsLosesNothingAndAppliesNothingTwice() throws Exception {
        long seed = Long.getLong("faults.seed", System.currentTimeMillis());
        Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 60));
        Duration faultEvery = Duration.ofSeconds(Long.getLong("soak.faultSeconds", 60));
        int clients = Integer.getInteger("soak.clients", 4);
        double rate = Double.parseDouble(System.getProperty("soak.rate", "2"));
        Random random = new Random(seed);
        Faults.log("soak: seed " + seed + " (replay with -Dfaults.seed=" + seed + "), " + length.toMinutes() + " min, "
                + clients + " clients x " + rate + "/s, a fault about every " + faultEvery.toSeconds() + " s");

        Map<String, Long> tablesBefore = tables();
        Map<String, Long> topicsBefore = topics();
        Instance[] second = {RunningPlatform.startInstance(Service.INCIDENT, "incident-soak-second", Service.INCIDENT.database(), List.of())};
        Map<String, AtomicInteger> injected = new LinkedHashMap<>();
        Instant since = Instant.now();
        AtomicInteger turn = new AtomicInteger();
        Result result;
        try {
            try (FaultLoad load = new FaultLoad(clients, rate, () -> RunningPlatform.alive(Service.INCIDENT)
                    && (!second[0].process().isAlive() || turn.incrementAndGet() % 2 == 0) ? Service.INCIDENT.url() : second[0].url())) {
                long end = System.nanoTime() + length.toNanos();
                while (System.nanoTime() < end) {
                    Faults.randomMoment(random, faultEvery.dividedBy(2), faultEvery.multipliedBy(3).dividedBy(2));
                    String fault = inject(random, second);
                    injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
                    Faults.log("soak: " + fault + "; " + load.accepted.size() + " accepted so far");
                }
                load.stop();
                result = new InvariantChecker().alsoReady(() -> List.of(second[0].url())).check("soak", since, load);
            }
        } finally {
            Faults.stopLeftovers();
            second[0].process().destroy();
            if (!second[0].process().waitFor(30, TimeUnit.SECONDS)) {
                second[0].process().destroyForcibly();
            }
        }

        Map<String, Long> tablesAfter = tables();
        Map<String, Long> topicsAfter = topics();
        Faults.log("soak: faults injected " + injected);
        Faults.log(String.format("soak: accepted %d, delivered to every consumer %d, duplicated on the wire %d, applied twice %d, lost %d",
                result.accepted(), result.accepted() - result.lost(), result.duplicatesOnWire(), result.appliedTwice(), result.lost()));
        Faults.log("soak: growth (rows, or records for topics), before -> after:");
        tablesAfter.forEach((t, n) -> Faults.log(String.format("  %-44s %9d -> %9d  (+%d)", t, tablesBefore.getOrDefault(t, 0L), n,
                n - tablesBefore.getOrDefault(t, 0L))));
        topicsAfter.forEach((t, n) -> Faults.log(String.format("  topic %-38s %9d -> %9d  (+%d)", t, topicsBefore.getOrDefault(t, 0L), n,
                n - topicsBefore.getOrDefault(t, 0L))));
        assertTrue(result.holds(), String.join("; ", result.problems()));
        assertEquals(0, result.lost());
        assertEquals(0, result.appliedTwice());
    }

    /** One fault from the suite's list, chosen at random; returns its name. */
    private static String inject(Random random, Instance[] second) throws Exception {
        switch (random.nextInt(8)) {
            case 0 -> {
                Faults.killAndRestart(Service.INCIDENT);
                return "kill -9 incident-service";
            }
            case 1 -> {
                Faults.killActiveRelay(List.of(second[0]));
                if (!RunningPlatform.alive(Service.INCIDENT)) {
                    RunningPlatform.startAgain(Service.INCIDENT);
                }
                if (!second[0].process().isAlive()) {
                    second[0] = RunningPlatform.startInstance(Service.INCIDENT, "incident-soak-second-again",
                            Service.INCIDENT.database(), List.of());
                }
                return "kill -9 of the active relay";
            }
            case 2 -> {
                Faults.killAndRestart(random.nextBoolean() ? Service.INVESTIGATION : Service.NOTIFICATION);
                return "kill -9 of a consumer service";
            }
            case 3 -> {
                Faults.restartPostgres(Duration.ofMillis(500 + random.nextInt(2000)));
                return "PostgreSQL restarted";
            }
            case 4 -> {
                Faults.stopKafka(Duration.ofSeconds(10));
                return "Kafka stopped 10 s";
            }
            case 5 -> {
                Faults.cutDatabaseConnections();
                return "database connections cut";
            }
            case 6 -> {
                List<Instance> added = Faults.scaleConsumersOut();
                Faults.randomMoment(random, Duration.ofSeconds(2), Duration.ofSeconds(20));
                Faults.scaleIn(added);
                return "consumers scaled 1 -> 2 -> 1";
            }
            default -> {
                Faults.poison();
                return "a poison record on each topic";
            }
        }
    }

    /** Rows per table, as {@code database.table}. */
    private static Map<String, Long> tables() throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            try (Connection c = InvariantChecker.connect(s); Statement st = c.createStatement()) {
                for (String table : TABLES.get(s)) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        rows.put(s.database() + "." + table, rs.getLong(1));
                    }
                }
            }
        }
        return rows;
    }

    /** Records per topic (the sum of the partitions' end offsets: retention has deleted nothing in a soak). */
    private static Map<String, Long> topics() throws Exception {
        Map<String, Long> records = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers()))) {
            for (String topic : concat(LocalStack.TOPICS, LocalStack.DEAD_LETTER_TOPICS)) {
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                long n = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                        .mapToLong(o -> o.offset()).sum();
                records.put(topic, n);
            }
        }
        return records;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
