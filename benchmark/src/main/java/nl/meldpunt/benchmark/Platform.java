package nl.meldpunt.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.Ports;
import nl.meldpunt.localstack.ServiceJvm;
import nl.meldpunt.localstack.ServiceLauncher;
import nl.meldpunt.localstack.SigningKeys;
import nl.meldpunt.localstack.Tokens;

/**
 * A fresh Meldpunt of the benchmark's own: a local stack on free ports with its data in the run
 * directory (fsync on, as under {@code ./meldpunt up}), and the three services started through the
 * shared {@link ServiceLauncher}, each on a free port. Never the user's {@code .meldpunt/} and never
 * the run command's fixed ports, so it can run beside {@code ./meldpunt up} and other test runs.
 */
final class Platform implements AutoCloseable {

    enum Service {
        INCIDENT("incident-service", "incident"),
        INVESTIGATION("investigation-service", "investigation"),
        NOTIFICATION("notification-service", "notification");

        final String module;
        final String database;

        Service(String module, String database) {
            this.module = module;
            this.database = database;
        }
    }

    /** The consumer groups of the services and the topics each consumes (see each service's application.properties). */
    static final Map<String, List<String>> CONSUMER_GROUPS = Map.of(
            "investigation-service", List.of("incident-events"),
            "notification-service", List.of("incident-events", "investigation-events", "notification-events"),
            "incident-service", List.of("investigation-events"));

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path root;
    private final Path runDir;
    private final LocalStack stack;
    private final SigningKeys keys = SigningKeys.generate();
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Admin admin;
    private final boolean flightRecording;

    private Platform(Path root, Path runDir, LocalStack stack, boolean flightRecording) {
        this.root = root;
        this.runDir = runDir;
        this.stack = stack;
        this.flightRecording = flightRecording;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    /**
     * Starts the local stack only, in {@code runDir/data}, on free ports, with fsync on. With
     * {@code flightRecording}, each service records a JFR profile into its log directory.
     */
    static Platform startStack(Path root, Path runDir, boolean flightRecording) throws IOException {
        Path data = runDir.resolve("data");
        Files.createDirectories(data);
        LocalStack stack = new LocalStack(new LocalStack.Settings(data, Ports.free(), Ports.free(), Ports.free(), true));
        stack.start();
        return new Platform(root, runDir, stack, flightRecording);
    }

    LocalStack stack() {
        return stack;
    }

    String token(String role) {
        return new Tokens(keys).mint(role, null);
    }

    /** Whether the service's next start maps in a start-up cache of this build (see {@code ServiceJvm}). */
    boolean startupCached(Service service) {
        Path app = ServiceLauncher.quarkusJar(root, service.module).getParent();
        return ServiceJvm.cached(app, ServiceJvm.jdk(System.getenv()));
    }

    /** The JDK the services run on, e.g. "25 (/usr/lib/jvm/temurin-25-jdk-amd64)". */
    String serviceJdk() {
        ServiceJvm.Jdk jdk = ServiceJvm.jdk(System.getenv());
        return jdk.feature() + " (" + jdk.home() + ")";
    }

    /** Starts the service alone and waits until it is ready; returns the time from process start to ready. */
    Duration start(Service service) throws IOException, InterruptedException {
        int port = Ports.free();
        Path log = runDir.resolve("logs").resolve(service.module + ".log");
        List<String> options = flightRecording
                ? List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + runDir.resolve("logs").resolve(service.module + ".jfr").toAbsolutePath())
                : List.of();
        long t0 = System.nanoTime();
        Process process = ServiceLauncher.launch(root,
                new ServiceLauncher.Launch(service.module, port, service.database, log, options), stack,
                keys.publicKeyBase64());
        processes.put(service, process);
        ports.put(service, port);
        long deadline = t0 + READY_TIMEOUT.toNanos();
        while (!ServiceLauncher.ready(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module + " exited with " + process.exitValue()
                        + " during start-up; end of " + log + ":\n" + ServiceLauncher.tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.module + " was not ready after " + READY_TIMEOUT.toSeconds()
                        + " s; end of " + log + ":\n" + ServiceLauncher.tail(log));
            }
            // a fine poll: the time to ready is one of the figures
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    String url(Service service) {
        return "http://localhost:" + ports.get(service);
    }

    /** Stops the services as production would (TERM, KILL after 30 s); they stay stopped. */
    void stop(Service... services) {
        List<Process> stopping = new ArrayList<>();
        for (Service s : services) {
            stopping.add(processes.remove(s));
        }
        ServiceLauncher.stop(stopping, Duration.ofSeconds(30));
    }

    /** Resident memory of the service's JVM in megabytes, from /proc (Linux). */
    double residentMegabytes(Service service) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(processes.get(service).pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + service.module);
    }

    /**
     * CPU time the service's JVM has used so far (user and system), in milliseconds, from
     * /proc/PID/stat, whose figures count in clock ticks of 10 ms on Linux.
     */
    double cpuMillis(Service service) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(processes.get(service).pid()), "stat"));
        // the command name in parentheses may hold spaces: the fields are counted after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        return ticks * 10.0;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(database), LocalStack.DB_USER, LocalStack.DB_PASSWORD);
    }

    /**
     * Records the services' consumer groups have not committed yet, summed. The services commit
     * offsets on a throttle (every few seconds), so this is an upper bound of what is still unread.
     */
    long consumerLag() throws Exception {
        Map<String, Map<TopicPartition, Long>> byGroup = new HashMap<>();
        for (String group : CONSUMER_GROUPS.keySet()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> m = new HashMap<>();
            offsets.forEach((tp, o) -> m.put(tp, o == null ? 0 : o.offset()));
            byGroup.put(group, m);
        }
        Set<TopicPartition> all = new java.util.HashSet<>();
        for (String topic : LocalStack.TOPICS) {
            for (int p = 0; p < LocalStack.PARTITIONS; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        Map<TopicPartition, OffsetSpec> latest = all.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(30, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<String, List<String>> e : CONSUMER_GROUPS.entrySet()) {
            Map<TopicPartition, Long> groupOffsets = byGroup.get(e.getKey());
            for (TopicPartition tp : all) {
                if (e.getValue().contains(tp.topic())) {
                    lag += Math.max(0, ends.get(tp).offset() - groupOffsets.getOrDefault(tp, 0L));
                }
            }
        }
        return lag;
    }

    /** Waits until every consumer group has committed up to the end of its topics; returns how long that took, or null on timeout. */
    Duration awaitCaughtUp(Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        while (consumerLag() > 0) {
            if (System.nanoTime() - t0 > timeout.toNanos()) {
                return null;
            }
            Thread.sleep(250);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    List<Process> processes() {
        return new ArrayList<>(processes.values());
    }

    @Override
    public void close() {
        ServiceLauncher.stop(processes.values(), Duration.ofSeconds(30));
        processes.clear();
        admin.close();
        stack.close();
    }
}
