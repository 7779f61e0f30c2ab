package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.systemtests.InvariantChecker.Result;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * The fault suite, short form: each fault injected into the platform's real processes while a
 * few clients report incidents, each case ending with the same {@link InvariantChecker}: every
 * 201 arrives everywhere, nothing is applied twice, order holds per incident, and the platform is
 * healthy and drained.
 *
 * <p>The moments of the faults come from a seed printed at the start; {@code -Dfaults.seed=N}
 * replays a run (each case draws from {@code seed + its number}, so one case replays alone too).
 */
@ExtendWith(RunningPlatform.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    static final long SEED = Long.getLong("faults.seed", System.currentTimeMillis());
    /** Small on purpose: the suite runs in mvn verify on a two-core machine. */
    static final int CLIENTS = 4;
    static final double PER_CLIENT_PER_SECOND = 1.5;
    /** After the fault, this many more reports must be accepted before the load stops: the platform works again. */
    static final int AFTER_RECOVERY = 8;

    private static final List<Result> RESULTS = new ArrayList<>();
    private static long suiteStart;

    @BeforeAll
    static void announceSeed() {
        suiteStart = System.nanoTime();
        Faults.log("seed " + SEED + " (replay with -Dfaults.seed=" + SEED + ")");
    }

    @AfterAll
    static void summary() {
        Faults.log("summary, seed " + SEED + ", " + (System.nanoTime() - suiteStart) / 1_000_000_000 + " s in all:");
        RESULTS.forEach(r -> Faults.log(r.line()));
    }

    /** Whatever a failed case left broken is put back, so the cases after it and other test classes find a platform. */
    @AfterEach
    void putThePlatformBack() throws Exception {
        Faults.stopLeftovers();
        SharedStack.stack().startKafka();
        SharedStack.stack().startPostgresAgain();
        for (Service s : Service.values()) {
            if (!RunningPlatform.alive(s)) {
                RunningPlatform.startAgain(s);
            }
        }
    }

    private static Random random(int caseNumber) {
        // mixed: java.util.Random gives nearly the same first numbers for neighbouring seeds
        return new Random(new java.util.SplittableRandom(SEED + caseNumber).nextLong());
    }

    /** A fault, injected while the load runs. */
    interface Fault {
        void inject(Random random) throws Exception;
    }

    /**
     * Runs the load, injects the fault at a random moment once the load is under way, lets the load go on
     * until {@link #AFTER_RECOVERY} more reports were accepted, then checks the invariants.
     */
    static Result underLoad(String name, int caseNumber, Supplier<String> target, InvariantChecker checker, Fault fault)
            throws Exception {
        return underLoad(name, caseNumber, target, checker, fault, random -> {
        });
    }

    /** As above, with {@code afterLoad} run once the load has stopped, before the check (e.g. a restart not needed under load). */
    static Result underLoad(String name, int caseNumber, Supplier<String> target, InvariantChecker checker, Fault fault,
            Fault afterLoad) throws Exception {
        Random random = random(caseNumber);
        Faults.log("case " + caseNumber + ": " + name);
        Instant since = Instant.now();
        Result result;
        try (FaultLoad load = new FaultLoad(CLIENTS, PER_CLIENT_PER_SECOND, target)) {
            await(name + ": load under way").atMost(Duration.ofSeconds(60)).until(() -> load.accepted.size() >= 4);
            Faults.randomMoment(random, Duration.ofMillis(100), Duration.ofMillis(1500));
            fault.inject(random);
            int before = load.accepted.size();
            await(name + ": reports accepted again after the fault").atMost(Duration.ofMinutes(2))
                    .until(() -> load.accepted.size() >= before + AFTER_RECOVERY);
            load.stop();
            afterLoad.inject(random);
            result = checker.check(name, since, load);
        }
        RESULTS.add(result);
        return result;
    }

    private static void assertHolds(Result r) {
        assertTrue(r.holds(), r.name() + ": " + String.join("; ", r.problems()));
        assertEquals(0, r.lost(), "nothing lost");
        assertEquals(0, r.appliedTwice(), "nothing applied twice");
        assertEquals(0, r.orderViolations(), "order per incident");
    }

    private static Supplier<String> incidentService() {
        return Service.INCIDENT::url;
    }

    @Test
    @Order(1)
    void everyReportAnsweredWith201ArrivesEverywhereOnceWhenIncidentServiceIsKilledMidIntake() throws Exception {
        assertHolds(underLoad("kill -9 incident-service mid-intake", 1, incidentService(), new InvariantChecker(),
                random -> Faults.killAndRestart(Service.INCIDENT)));
    }

    @Test
    @Order(2)
    void theStandbyRelayTakesOverWhenTheActiveOneIsKilledAndNothingIsAppliedTwice() throws Exception {
        // three incident-services on one database: two kills, each leaving a standby to take over
        List<Instance> others = Faults.parallel(List.of(
                () -> RunningPlatform.startInstance(Service.INCIDENT, "incident-second", Service.INCIDENT.database(), List.of()),
                () -> RunningPlatform.startInstance(Service.INCIDENT, "incident-third", Service.INCIDENT.database(), List.of())));
        try {
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            Result r = underLoad("kill -9 of the active relay (twice)", 2,
                    // the load goes round the instances that are up
                    () -> {
                        List<String> up = new ArrayList<>();
                        if (RunningPlatform.alive(Service.INCIDENT)) {
                            up.add(Service.INCIDENT.url());
                        }
                        others.stream().filter(i -> i.process().isAlive()).forEach(i -> up.add(i.url()));
                        return up.get(Math.floorMod(turn.incrementAndGet(), up.size()));
                    },
                    new InvariantChecker().alsoReady(() -> others.stream().filter(i -> i.process().isAlive()).map(Instance::url).toList()),
                    random -> {
                        // at a random moment
                        Faults.killActiveRelay(others);
                        await("a standby relay takes over").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                                .until(() -> Faults.someRelayActive(others));
                        // and the moment a record is on the wire: as close to "acknowledged, not yet marked" as we get
                        Faults.randomMoment(random, Duration.ofMillis(100), Duration.ofMillis(800));
                        Faults.killActiveRelayOnTheWire(others);
                        await("the last standby relay takes over").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                                .until(() -> Faults.someRelayActive(others));
                    },
                    // the platform's instance is needed by the cases after this one (the last standby carries the load)
                    random -> {
                        if (!RunningPlatform.alive(Service.INCIDENT)) {
                            Faults.restart(List.of(Service.INCIDENT));
                        }
                    });
            assertHolds(r);
        } finally {
            for (Instance i : others) {
                i.process().destroy();
            }
            for (Instance i : others) {
                if (!i.process().waitFor(30, TimeUnit.SECONDS)) {
                    i.process().destroyForcibly();
                }
            }
        }
    }

    @Test
    @Order(3)
    void eachConsumerKilledBeforeItCommitsItsOffsetsAppliesEverythingOnceAfterTheRestart() throws Exception {
        assertHolds(underLoad("kill -9 of each consumer service", 3, incidentService(), new InvariantChecker(), random -> {
            // one after the other: two JVMs starting at once on two cores start slower than in turn
            Faults.killAndRestart(Service.INVESTIGATION);
            Faults.randomMoment(random, Duration.ofMillis(100), Duration.ofMillis(1500));
            Faults.killAndRestart(Service.NOTIFICATION);
        }));
    }

    @Test
    @Order(4)
    void aPostgresRestartUnderLoadLosesNothingAnsweredAndAppliesNothingTwice() throws Exception {
        assertHolds(underLoad("PostgreSQL restarted", 4, incidentService(), new InvariantChecker(),
                random -> Faults.restartPostgres(Duration.ofMillis(500 + random.nextInt(2000)))));
    }

    @Test
    @Order(5)
    void kafkaAwayForTenSecondsAndDatabaseConnectionsCutLoseNothing() throws Exception {
        assertHolds(underLoad("Kafka stopped 10 s, DB connections cut", 5, incidentService(), new InvariantChecker(), random -> {
            Faults.stopKafka(Duration.ofSeconds(10));
            Faults.randomMoment(random, Duration.ofMillis(100), Duration.ofMillis(1500));
            Faults.cutDatabaseConnections();
        }));
    }

    @Test
    @Order(6)
    void consumersScaledOneToTwoToOneUnderLoadApplyEverythingOnceInOrder() throws Exception {
        assertHolds(underLoad("consumers scaled 1 -> 2 -> 1", 6, incidentService(), new InvariantChecker(), random -> {
            List<Instance> added = Faults.scaleConsumersOut();
            Faults.randomMoment(random, Duration.ofMillis(500), Duration.ofMillis(2500));
            Faults.scaleIn(added);
        }));
    }

    @Test
    @Order(7)
    void aPoisonRecordOnEachTopicIsDeadLetteredAndTheRecordsAroundItAreApplied() throws Exception {
        Map<String, String>[] sent = new Map[1];
        assertHolds(underLoad("a poison record on each topic", 7, incidentService(), new InvariantChecker(),
                random -> sent[0] = Faults.poison()));
        for (Map.Entry<String, String> poisoned : sent[0].entrySet()) {
            for (String deadLetters : Faults.DEAD_LETTERS.get(poisoned.getKey())) {
                await(poisoned.getKey() + " poison on " + deadLetters).atMost(Duration.ofSeconds(60))
                        .until(() -> TopicReader.upToNow(deadLetters, poisoned.getValue()).size() == 1);
            }
        }
    }

    @Test
    @Order(8)
    void aFailingAndHangingWebhookReceiverAndAStreamClientThatReconnectsEachGetEveryEventOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2); StreamClient stream = new StreamClient(Service.NOTIFICATION.url(),
                "incident.reported")) {
            String subscription = receiver.subscribe(Service.NOTIFICATION.url(), "incident.reported");
            stream.connect();
            Instant since = Instant.now();
            Result r;
            try {
                r = underLoad("webhook receiver fails/hangs, stream drops", 8, incidentService(), new InvariantChecker(), rnd -> {
                    for (int i = 0; i < 3; i++) {
                        stream.disconnect();
                        Faults.log("  stream dropped after " + stream.seen.size() + " messages; resuming with Last-Event-ID");
                        stream.connect();
                        Faults.randomMoment(rnd, Duration.ofMillis(200), Duration.ofMillis(1200));
                    }
                });
                assertHolds(r);
                java.util.Set<String> incidents = InvariantChecker.incidentsSince(since).stream()
                        .map(Object::toString).collect(java.util.stream.Collectors.toSet());
                // webhooks: each message retried until the receiver takes it; one DELIVERED message per event
                await("every webhook message delivered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> receiver.accepted().containsAll(incidents));
                int receivedTwice = receiver.acceptedTwice();
                Faults.log(String.format("  webhooks: %d incidents, %d messages accepted by the receiver, %d first attempts failed"
                        + " (%d hung), %d accepted twice", incidents.size(), receiver.accepted().size(), receiver.failedFirst.get(),
                        receiver.hung.get(), receivedTwice));
                assertEquals(0, receivedTwice, "no webhook message was accepted twice");
                // stream: every incident once, positions rising across the reconnects
                await("the stream shows every incident").atMost(Duration.ofMinutes(1))
                        .until(() -> stream.seen.stream().map(StreamClient.Seen::incident).collect(java.util.stream.Collectors.toSet())
                                .containsAll(incidents));
                List<StreamClient.Seen> seen = List.copyOf(stream.seen);
                long duplicates = seen.size() - seen.stream().map(StreamClient.Seen::position).distinct().count();
                Faults.log(String.format("  stream: %d connections, %d messages, %d seen twice", stream.connections, seen.size(), duplicates));
                assertEquals(0, duplicates, "no stream message seen twice across the reconnects");
                for (int i = 1; i < seen.size(); i++) {
                    assertTrue(seen.get(i).position() > seen.get(i - 1).position(), "positions rise: " + seen.get(i - 1) + " then " + seen.get(i));
                }
            } finally {
                receiver.unsubscribe(Service.NOTIFICATION.url(), subscription);
            }
        }
    }
    @Test
    @Order(9)
    void twoInstancesOfEveryServiceWithOneOfEachKilledUnderLoadLoseNothingAndApplyNothingTwice() throws Exception {
        // a second instance of every service on the same databases and consumer groups
        List<Instance> pair = Faults.parallel(List.of(
                () -> RunningPlatform.startInstance(Service.INCIDENT, "incident-pair", Service.INCIDENT.database(), List.of()),
                () -> RunningPlatform.startInstance(Service.INVESTIGATION, "investigation-pair", Service.INVESTIGATION.database(),
                        List.of()),
                () -> RunningPlatform.startInstance(Service.NOTIFICATION, "notification-pair", Service.NOTIFICATION.database(),
                        List.of())));
        Map<Service, Instance> second = Map.of(Service.INCIDENT, pair.get(0), Service.INVESTIGATION, pair.get(1),
                Service.NOTIFICATION, pair.get(2));
        List<Service> killedOnThePlatform = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            Result r = underLoad("two of every service, one of each killed", 9,
                    // the load goes round the incident-services that are up, as a load balancer would
                    () -> {
                        List<String> up = new ArrayList<>();
                        if (RunningPlatform.alive(Service.INCIDENT)) {
                            up.add(Service.INCIDENT.url());
                        }
                        if (second.get(Service.INCIDENT).process().isAlive()) {
                            up.add(second.get(Service.INCIDENT).url());
                        }
                        return up.get(Math.floorMod(turn.incrementAndGet(), up.size()));
                    },
                    new InvariantChecker().alsoReady(() -> pair.stream().filter(i -> i.process().isAlive()).map(Instance::url).toList()),
                    random -> {
                        // one instance of each service, the platform's or the second at random, at random moments
                        for (Service s : Service.values()) {
                            if (random.nextBoolean()) {
                                Faults.kill(s);
                                killedOnThePlatform.add(s);
                            } else {
                                second.get(s).process().destroyForcibly();
                                Faults.log("  killed the second " + s.moduleName() + " (kill -9)");
                            }
                            Faults.randomMoment(random, Duration.ofMillis(200), Duration.ofMillis(1500));
                        }
                    },
                    // the survivors carried the load; the platform's instances are needed by the check and the cases after
                    random -> {
                        if (!killedOnThePlatform.isEmpty()) {
                            Faults.restart(killedOnThePlatform);
                        }
                    });
            assertHolds(r);
        } finally {
            Faults.scaleIn(pair);
        }
    }
}
