package nl.meldpunt.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code ./meldpunt up} runs: the local stack and N instances of each service as processes of
 * their own, started through {@link ServiceLauncher}, watched, restarted when they die, and stopped.
 *
 * <p>A process that dies after start-up is restarted after a back-off that doubles with each
 * restart that does not last a minute (1 s, 2 s, 4 s, up to 60 s), so a service that cannot start
 * (its database gone, a broken configuration) does not spin; the console says why it stopped (exit
 * code, signal, the end of its log) and the log of the run that stopped is kept as
 * {@code <name>.previous.log}. Every instance is supervised on its own.
 *
 * <p>With more than one instance, each service's port is a {@link RoundRobinProxy} in this JVM
 * and the instances listen on free ports behind it. All instances of a service share its database
 * and its consumer group; the outbox relay's advisory lock keeps one relay active.
 *
 * <p>Files, as {@code ./meldpunt down} and {@code status} read them: {@code <data>/pids/<name>.pid}
 * and {@code <name>.port} per process, {@code <data>/logs/<name>.log}.
 */
public final class Supervisor implements AutoCloseable {

    public static final List<String> SERVICES = List.of("incident-service", "investigation-service", "notification-service");
    /** More consumers in a group than a topic has partitions would sit idle. */
    public static final int MAX_INSTANCES = LocalStack.PARTITIONS;
    /** The response header that names the instance that answered. */
    public static final String INSTANCE_HEADER = "X-Meldpunt-Instance";
    static final String STACK = "local-stack";

    private static final Duration STEADY_AFTER = Duration.ofSeconds(60);
    private static final long MAX_BACKOFF_SECONDS = 60;
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);

    /**
     * Where and on which ports it runs: {@code root} the repository (the services' jars), {@code data}
     * the stack's data, logs and pids, {@code servicePorts} the port clients use for each of
     * {@link #SERVICES}, in that order.
     */
    public record Settings(Path root, Path data, int instances, int kafkaPort, int controllerPort, int postgresPort,
            List<Integer> servicePorts, Duration readyTimeout, Duration stopTimeout) {
        public Settings {
            if (instances < 1 || instances > MAX_INSTANCES) {
                throw new IllegalArgumentException("--instances must be 1 to " + MAX_INSTANCES + " (the partitions of each topic), not "
                        + instances);
            }
            servicePorts = List.copyOf(servicePorts);
            if (servicePorts.size() != SERVICES.size()) {
                throw new IllegalArgumentException("one port per service: " + SERVICES);
            }
        }

        public int port(String service) {
            return servicePorts.get(SERVICES.indexOf(service));
        }
    }

    /** One service instance as it is now. */
    public record Instance(String name, String service, int port, long pid, boolean alive) {
    }

    /** Start-up failed; the message says what and where to look. */
    public static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }

    /** One process under supervision: the stack, or one instance of a service. */
    private final class Supervised {
        final String name;
        final String service; // null for the stack
        final int port;
        Process process;
        int restarts;
        long runningSince = -1; // nanoTime of the last restart, until it counts as steady
        long restartAt = -1;    // nanoTime the next start is due, while waiting out the back-off

        Supervised(String name, String service, int port) {
            this.name = name;
            this.service = service;
            this.port = port;
        }

        Path log() {
            return logs.resolve(name + ".log");
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream err;
    private final Path logs;
    private final Path pids;
    private final Supervised stack;
    private final List<Supervised> instances = new ArrayList<>();
    private final List<RoundRobinProxy> proxies = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();
    private volatile boolean stopping;
    private ScheduledExecutorService watcher;
    private String publicKey;
    private Duration startedIn;

    public Supervisor(Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.logs = settings.data().resolve("logs");
        this.pids = settings.data().resolve("pids");
        this.stack = new Supervised(STACK, null, -1);
        for (String service : SERVICES) {
            for (int i = 1; i <= settings.instances(); i++) {
                String name = settings.instances() == 1 ? service : service + "-" + i;
                int port = settings.instances() == 1 ? settings.port(service) : Ports.free();
                instances.add(new Supervised(name, service, port));
            }
        }
    }

    /**
     * Starts the stack, then every instance, and waits until all are ready. On failure it throws
     * {@link StartFailure} after printing the end of the log concerned; {@link #close} stops what started.
     */
    public void start() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Files.createDirectories(logs);
        Files.createDirectories(pids);
        forgetEarlierRuns();
        writePid("supervisor", ProcessHandle.current().pid());
        publicKey = SigningKeys.loadOrCreate(settings.data().resolve("keys")).publicKeyBase64();

        out.printf("Starting the local stack (Kafka :%d, PostgreSQL :%d) ...%n", settings.kafkaPort(), settings.postgresPort());
        Path ready = settings.data().resolve("stack.ready");
        Files.deleteIfExists(ready);
        synchronized (lock) {
            launch(stack);
        }
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (!Files.exists(ready)) {
            if (!stack.process.isAlive()) {
                showTail(stack);
                throw new StartFailure("the local stack stopped during start-up");
            }
            if (System.nanoTime() > deadline) {
                showTail(stack);
                throw new StartFailure("the local stack was not ready after " + settings.readyTimeout().toSeconds() + " s");
            }
            pause();
        }

        out.println(settings.instances() == 1 ? "Starting the services ..."
                : "Starting the services, " + settings.instances() + " instances each ...");
        synchronized (lock) {
            for (Supervised instance : instances) {
                launch(instance);
            }
            if (settings.instances() > 1) {
                for (String service : SERVICES) {
                    List<Integer> ports = instances.stream().filter(i -> i.service.equals(service)).map(i -> i.port).toList();
                    try {
                        proxies.add(new RoundRobinProxy(service, settings.port(service), ports));
                    } catch (BindException e) {
                        throw new StartFailure("port " + settings.port(service) + " of " + service + " is already in use");
                    }
                }
            }
        }
        awaitReady(deadlineFromNow());
        startedIn = Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Pid and port files a run killed hard left behind ({@code ./meldpunt up} has checked that none
     * of their processes still runs), so that {@code status} shows only this run's instances.
     */
    private void forgetEarlierRuns() throws IOException {
        try (var files = Files.list(pids)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.matches("(" + String.join("|", SERVICES) + ")(-[0-9]+)?\\.(pid|port)")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private long deadlineFromNow() {
        return System.nanoTime() + settings.readyTimeout().toNanos();
    }

    private void awaitReady(long deadline) throws InterruptedException {
        List<Supervised> pending = new ArrayList<>(instances);
        while (!pending.isEmpty()) {
            List<Supervised> waiting = new ArrayList<>();
            for (Supervised instance : pending) {
                if (ServiceLauncher.ready(instance.port)) {
                    out.println("  " + instance.name + " ready");
                } else if (!instance.process.isAlive()) {
                    showTail(instance);
                    throw new StartFailure(instance.name + " stopped during start-up (exit code "
                            + describe(instance.process.exitValue()) + "; log: " + instance.log() + ")");
                } else {
                    waiting.add(instance);
                }
            }
            pending = waiting;
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                pending.forEach(this::showTail);
                throw new StartFailure("not ready after " + settings.readyTimeout().toSeconds() + " s: "
                        + pending.stream().map(i -> i.name).collect(Collectors.joining(" ")));
            }
            if (!pending.isEmpty()) {
                pause();
            }
        }
    }

    private void pause() throws InterruptedException {
        if (stopping) {
            throw new StartFailure("stopped during start-up");
        }
        TimeUnit.MILLISECONDS.sleep(WATCH_EVERY.toMillis());
    }

    /** Starts watching in the background: from now on a process that dies is restarted. */
    public void watch() {
        synchronized (lock) {
            if (watcher != null || stopping) {
                return;
            }
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "meldpunt-supervisor");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(this::superviseAll, 0, WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void superviseAll() {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            try {
                supervise(stack);
                for (Supervised instance : instances) {
                    supervise(instance);
                }
            } catch (IOException | RuntimeException e) {
                // a failed restart is tried again on the next look, with the back-off
                if (!stopping) {
                    err.println("meldpunt: supervising failed: " + e);
                }
            }
        }
    }

    /** One look at one process: restart it, after a back-off, when it has died. */
    private void supervise(Supervised s) throws IOException {
        long now = System.nanoTime();
        if (s.process != null && s.process.isAlive()) {
            if (s.runningSince >= 0 && now - s.runningSince >= STEADY_AFTER.toNanos()) {
                s.restarts = 0;
                s.runningSince = -1;
            }
            return;
        }
        if (s.restartAt < 0) {
            int code = s.process == null ? 0 : s.process.exitValue();
            int n = s.restarts + 1;
            long delay = Math.min(1L << Math.min(n - 1, 6), MAX_BACKOFF_SECONDS);
            showTail(s);
            out.printf("meldpunt: %s stopped unexpectedly (exit code %s; log: %s).%n", s.name, describe(code), s.log());
            out.printf("meldpunt: restarting %s in %d s (restart %d); the other services keep running.%n", s.name, delay, n);
            s.restarts = n;
            s.restartAt = now + TimeUnit.SECONDS.toNanos(delay);
            return;
        }
        if (now >= s.restartAt) {
            s.restartAt = -1;
            Path previous = logs.resolve(s.name + ".previous.log");
            if (Files.exists(s.log())) {
                Files.move(s.log(), previous, StandardCopyOption.REPLACE_EXISTING);
            }
            if (s == stack) {
                Files.deleteIfExists(settings.data().resolve("stack.ready"));
            }
            launch(s);
            s.runningSince = System.nanoTime();
            out.printf("meldpunt: %s restarted (pid %d); the log of the run that stopped is %s%n", s.name, s.process.pid(), previous);
        }
    }

    /** An exit code, and the signal behind it when the process was killed by one (the JVM reports 128 + signal). */
    static String describe(int code) {
        Map<Integer, String> signals = Map.of(1, "SIGHUP", 2, "SIGINT", 3, "SIGQUIT", 6, "SIGABRT", 9, "SIGKILL",
                11, "SIGSEGV", 15, "SIGTERM");
        if (code > 128 && signals.containsKey(code - 128)) {
            return code + ", killed by " + signals.get(code - 128);
        }
        return Integer.toString(code);
    }

    private void launch(Supervised s) throws IOException {
        if (stopping) {
            throw new StartFailure("stopping");
        }
        if (s == stack) {
            s.process = ServiceLauncher.launchStack(settings.data(), settings.kafkaPort(), settings.controllerPort(),
                    settings.postgresPort(), s.log());
        } else {
            String database = s.service.substring(0, s.service.length() - "-service".length());
            // Each answer names its instance, so that one can see the spreading through the one port.
            List<String> options = List.of("-Dquarkus.http.header." + INSTANCE_HEADER + ".value=" + s.name);
            s.process = ServiceLauncher.launch(settings.root(),
                    new ServiceLauncher.Launch(s.service, s.port, database, s.log(), options),
                    "localhost:" + settings.kafkaPort(),
                    "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + database, publicKey);
            Files.writeString(pids.resolve(s.name + ".port"), s.port + "\n");
        }
        writePid(s.name, s.process.pid());
    }

    private void writePid(String name, long pid) throws IOException {
        Files.writeString(pids.resolve(name + ".pid"), pid + "\n");
    }

    private void showTail(Supervised s) {
        err.println("--- last lines of " + s.log() + " ---");
        err.println(ServiceLauncher.tail(s.log()));
        err.println("---");
    }

    /** The service instances as they are now. */
    public List<Instance> instances() {
        synchronized (lock) {
            return instances.stream()
                    .map(i -> new Instance(i.name, i.service, i.port, i.process == null ? -1 : i.process.pid(),
                            i.process != null && i.process.isAlive()))
                    .toList();
        }
    }

    /** The port clients use for the service: the service itself, or the proxy in front of its instances. */
    public int port(String service) {
        return settings.port(service);
    }

    /** The URLs, tokens, the dashboard link and a first request, printed once everything is ready. */
    public String welcome() {
        Tokens tokens = new Tokens(SigningKeys.loadOrCreate(settings.data().resolve("keys")));
        String analyst = tokens.mint(Tokens.Claims.of("analyst", null));
        StringBuilder b = new StringBuilder();
        b.append('\n').append("Meldpunt is up: started in ").append(startedIn == null ? "?" : startedIn.toSeconds()).append(" s.\n\n");
        for (String service : SERVICES) {
            int port = settings.port(service);
            b.append(String.format("  %-22s http://localhost:%d   Swagger UI http://localhost:%d/q/swagger-ui%n", service, port, port));
            if (settings.instances() > 1) {
                b.append(String.format("  %-22s %d instances behind it: %s%n", "", settings.instances(), instances.stream()
                        .filter(i -> i.service.equals(service)).map(i -> i.name + " :" + i.port).collect(Collectors.joining(", "))));
            }
        }
        b.append(String.format("  %-22s localhost:%d%n", "Kafka", settings.kafkaPort()));
        b.append(String.format("  %-22s localhost:%d (user %s)%n", "PostgreSQL", settings.postgresPort(), LocalStack.DB_USER));
        b.append(String.format("  %-22s %s/%n", "Logs", logs));
        if (settings.instances() > 1) {
            b.append("\nEach service port hands every new connection to the next instance; the header ")
                    .append(INSTANCE_HEADER).append(" of an answer names the instance that gave it.\n");
        }
        b.append("\nTokens, valid 12 h (more: ./meldpunt token <analyst|viewer|investigator> [--authority X]):\n");
        b.append(String.format("  %-18s %s%n", "analyst", analyst));
        b.append(String.format("  %-18s %s%n", "viewer", tokens.mint(Tokens.Claims.of("viewer", null))));
        b.append(String.format("  %-18s %s%n", "investigator IGJ", tokens.mint(Tokens.Claims.of("investigator", "IGJ"))));
        b.append(String.format("  %-18s %s%n", "investigator AP", tokens.mint(Tokens.Claims.of("investigator", "AP"))));
        b.append("\nLive dashboard, signed in as a viewer (link valid 2 h, once; the session lasts as long as the viewer token):\n");
        b.append("  ").append(dashboardLink(tokens.mint(Tokens.Claims.of("viewer", null)))).append('\n');
        b.append("\nReport the reference incident (Clinical Diagnostics, July 2025):\n\n");
        b.append("  curl -i -X POST http://localhost:").append(settings.port("incident-service")).append("/incidents \\\n");
        b.append("    -H 'Authorization: Bearer ").append(analyst).append("' \\\n");
        b.append("    -H 'Content-Type: application/json' \\\n");
        b.append("    -d @docs/examples/clinical-diagnostics.json\n\n");
        b.append("Ctrl-C stops Meldpunt (or ./meldpunt down from another shell).");
        return b.toString();
    }

    /**
     * A one-time sign-in link for the dashboard: a viewer token asks notification-service for a
     * DASHBOARD ticket, which /dashboard/sign-in exchanges for an HttpOnly session cookie (docs/streams.md).
     */
    private String dashboardLink(String viewerToken) {
        String base = "http://localhost:" + settings.port("notification-service");
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/streams/tickets"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + viewerToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"purpose\":\"DASHBOARD\"}"))
                    .build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode ticket = response.statusCode() / 100 == 2 ? new ObjectMapper().readTree(response.body()).get("ticket") : null;
            if (ticket != null && ticket.isTextual()) {
                return base + "/dashboard/sign-in?ticket=" + ticket.asText();
            }
        } catch (IOException e) {
            // said below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return base + "/dashboard (no sign-in link: notification-service did not issue a ticket)";
    }

    /**
     * Stops the services first, then the stack: TERM to each at once, so Kafka consumers leave their
     * group and PostgreSQL shuts down cleanly, and KILL for what has not stopped after the timeout.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        synchronized (lock) {
            if (watcher != null) {
                watcher.shutdownNow();
            }
            stop(instances);
            proxies.forEach(RoundRobinProxy::close);
            stop(List.of(stack));
            try {
                Files.deleteIfExists(settings.data().resolve("stack.ready"));
                Files.deleteIfExists(pids.resolve("supervisor.pid"));
            } catch (IOException e) {
                err.println("meldpunt: " + e.getMessage());
            }
        }
    }

    private void stop(List<Supervised> group) {
        Map<Supervised, Process> running = new LinkedHashMap<>();
        for (Supervised s : group) {
            if (s.process != null && s.process.isAlive()) {
                s.process.destroy();
                running.put(s, s.process);
            }
        }
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        for (Map.Entry<Supervised, Process> e : running.entrySet()) {
            try {
                if (e.getValue().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    out.println("  stopped " + e.getKey().name);
                } else {
                    out.println("  " + e.getKey().name + " did not stop within " + settings.stopTimeout().toSeconds() + " s: killed");
                    e.getValue().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException ex) {
                e.getValue().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (Supervised s : group) {
            try {
                Files.deleteIfExists(pids.resolve(s.name + ".pid"));
                Files.deleteIfExists(pids.resolve(s.name + ".port"));
            } catch (IOException e) {
                err.println("meldpunt: " + e.getMessage());
            }
        }
    }
}
