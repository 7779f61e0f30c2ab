package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.Ports;
import nl.meldpunt.localstack.ServiceLauncher;
import nl.meldpunt.localstack.SharedStack;

/**
 * Meldpunt as it runs in production: each service a JVM process of its own, started from its
 * {@code quarkus-run.jar} in the prod profile, configured only through the environment, on the
 * real Kafka broker and PostgreSQL server of the local stack.
 *
 * <p>Test classes opt in with {@code @ExtendWith(RunningPlatform.class)}. Everything starts once
 * per test JVM, on free ports; it stops when the test run ends, or through a shutdown hook when
 * the JVM dies first. Each service logs to {@code target/services/<service>.log}.
 */
public final class RunningPlatform implements BeforeAllCallback {

    /** The services, by module name and database. */
    public enum Service {
        INCIDENT("incident-service", "incident"),
        INVESTIGATION("investigation-service", "investigation"),
        NOTIFICATION("notification-service", "notification");

        private final String moduleName;
        private final String database;

        Service(String moduleName, String database) {
            this.moduleName = moduleName;
            this.database = database;
        }

        public String moduleName() {
            return moduleName;
        }

        public String database() {
            return database;
        }

        /** Base URL of the running service, e.g. {@code http://localhost:41234}. */
        public String url() {
            return RunningPlatform.url(this);
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static Map<Service, Process> processes;
    private static Map<Service, Integer> ports;
    private static RuntimeException startFailure;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
        // Stopped at the end of the whole run, not after the first test class.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(RunningPlatform.class, k -> new StopAtEndOfRun(), StopAtEndOfRun.class);
    }

    /** The repository root, found upwards from the module directory (surefire's {@code basedir}). */
    public static Path repositoryRoot() {
        return ServiceLauncher.repositoryRoot(Path.of(System.getProperty("basedir", System.getProperty("user.dir"))));
    }

    public static synchronized String url(Service service) {
        if (ports == null) {
            throw new IllegalStateException("the platform is not running: annotate the test with @ExtendWith(RunningPlatform.class)");
        }
        return "http://localhost:" + ports.get(service);
    }

    public static synchronized void start() {
        if (processes != null) {
            return;
        }
        if (startFailure != null) {
            // one attempt per JVM: the next test class fails at once instead of waiting minutes again
            throw new IllegalStateException("the platform failed to start: " + startFailure.getMessage(), startFailure);
        }
        LocalStack stack = SharedStack.stack();
        String publicKey = SharedStack.keys().publicKeyBase64();
        Path logs = repositoryRoot().resolve("system-tests/target/services");
        Map<Service, Process> started = new EnumMap<>(Service.class);
        Map<Service, Integer> assigned = new EnumMap<>(Service.class);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "meldpunt-services-stop"));
        try {
            Files.createDirectories(logs);
            for (Service service : Service.values()) {
                int port = Ports.free();
                started.put(service, launch(service, port, stack, publicKey, logs.resolve(service.moduleName() + ".log")));
                assigned.put(service, port);
            }
            for (Service service : Service.values()) {
                awaitReady(service, started.get(service), assigned.get(service), logs.resolve(service.moduleName() + ".log"));
            }
        } catch (IOException e) {
            stop(started);
            startFailure = new UncheckedIOException(e);
            throw startFailure;
        } catch (RuntimeException e) {
            stop(started);
            startFailure = e;
            throw e;
        }
        processes = started;
        ports = assigned;
    }

    /**
     * Stops one service of the platform as production would (TERM); {@link #startAgain} starts it on
     * the same port, so clients connected to it (a browser's EventSource) reconnect to the same address.
     */
    public static synchronized void stopOnly(Service service) {
        start();
        stop(Map.of(service, processes.get(service)));
    }

    /**
     * Kills one service of the platform outright ({@code kill -9}): no shutdown hook runs, no offset
     * is committed, no transaction finishes. {@link #startAgain} starts it again on its port.
     */
    public static synchronized void kill(Service service) throws InterruptedException {
        start();
        Process process = processes.get(service);
        process.destroyForcibly();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException(service.moduleName() + " did not die after SIGKILL");
        }
    }

    /** Whether the platform's own process of this service is running. */
    public static synchronized boolean alive(Service service) {
        return processes != null && processes.get(service).isAlive();
    }

    private static int restarts;

    /**
     * Starts a service stopped by {@link #stopOnly} (or killed by {@link #kill}) again on its port and waits
     * until it is ready. Several services may be started again at once from different threads.
     */
    public static void startAgain(Service service) throws IOException {
        Process process;
        int port;
        Path log;
        synchronized (RunningPlatform.class) {
            log = repositoryRoot().resolve("system-tests/target/services/" + service.moduleName() + "-restarted"
                    + (restarts++ == 0 ? "" : "-" + restarts) + ".log");
            port = ports.get(service);
            process = launch(service, port, SharedStack.stack(), SharedStack.keys().publicKeyBase64(), log);
            processes.put(service, process);
        }
        awaitReady(service, process, port, log);
    }

    /** A further instance of a service, started beside the platform and stopped by the test that asked for it. */
    public record Instance(Process process, int port) {
        public String url() {
            return "http://localhost:" + port;
        }
    }

    /**
     * Starts one more instance of a service with its own database and extra system properties
     * (for example a consumer topic of its own), and waits until it is ready.
     */
    public static Instance startInstance(Service service, String name, String database, List<String> properties)
            throws IOException {
        LocalStack stack = SharedStack.stack();
        stack.createDatabase(database);
        Path log = repositoryRoot().resolve("system-tests/target/services/" + name + ".log");
        Files.createDirectories(log.getParent());
        int port = Ports.free();
        Process process = launch(service, port, stack, SharedStack.keys().publicKeyBase64(), log, database, properties);
        awaitReady(service, process, port, log);
        return new Instance(process, port);
    }

    private static Process launch(Service service, int port, LocalStack stack, String publicKey, Path log) throws IOException {
        return launch(service, port, stack, publicKey, log, service.database(), List.of());
    }

    private static Process launch(Service service, int port, LocalStack stack, String publicKey, Path log, String database,
            List<String> properties) throws IOException {
        List<String> options = new ArrayList<>();
        if (service == Service.NOTIFICATION) {
            // The clock pass runs every minute in production; the reference case need not wait that long.
            options.add("-Dmeldpunt.obligations.clocks.every=2s");
        }
        options.addAll(properties);
        return ServiceLauncher.launch(repositoryRoot(),
                new ServiceLauncher.Launch(service.moduleName(), port, database, log, options), stack, publicKey);
    }

    private static void awaitReady(Service service, Process process, int port, Path log) {
        try {
            await(service.moduleName() + " ready on port " + port)
                    .atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(service.moduleName() + " exited with " + process.exitValue()
                                    + " during start-up; end of " + log + ":\n" + ServiceLauncher.tail(log));
                        }
                        return ServiceLauncher.ready(port);
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(service.moduleName() + " was not ready after " + READY_TIMEOUT.toSeconds()
                    + " s; end of " + log + ":\n" + ServiceLauncher.tail(log), e);
        }
    }

    private static synchronized void stopAll() {
        if (processes != null) {
            stop(processes);
            processes = null;
            ports = null;
        }
    }

    /** TERM first so each service shuts down as it would in production, KILL after a timeout. */
    private static void stop(Map<Service, Process> running) {
        ServiceLauncher.stop(running.values(), STOP_TIMEOUT);
    }

    /** Closed by JUnit when the whole test plan has run. */
    private static final class StopAtEndOfRun implements AutoCloseable {
        @Override
        public void close() {
            stopAll();
        }
    }
}
