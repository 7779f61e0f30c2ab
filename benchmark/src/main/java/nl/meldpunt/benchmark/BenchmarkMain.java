package nl.meldpunt.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import nl.meldpunt.benchmark.Platform.Service;
import nl.meldpunt.localstack.ServiceJvm;
import nl.meldpunt.localstack.ServiceLauncher;

/**
 * {@code ./meldpunt bench [--smoke|--short|--full] [--json FILE] [--jfr]}: starts a fresh platform of its
 * own, measures it beside the machine's limits in one run, prints one table and writes the figures as
 * JSON. {@code --jfr} has each service record a JFR profile ({@code <run dir>/logs/<service>.jfr}).
 *
 * <p>It fails (exit 1) only when the benchmark itself breaks: a service that does not start, a load
 * that cannot run. A figure below its target is printed, never a failure.
 */
public final class BenchmarkMain {

    /** How long each step runs; the phases are the same in every mode. */
    enum Mode {
        /** For the build's own test: every phase, as briefly as still says something. */
        SMOKE(Duration.ofMillis(300), Duration.ofSeconds(1), List.of(1, 16), List.of(10), Duration.ofSeconds(2),
                List.of(10), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(3)),
        /** For CI: about two to three minutes. */
        SHORT(Duration.ofMillis(500), Duration.ofSeconds(2), List.of(1, 8, 16, 32), List.of(25, 50), Duration.ofSeconds(5),
                List.of(25, 50, 100), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMinutes(3)),
        /** For people: long enough steps to read a figure from, and the keeping-up minute of the issue. */
        FULL(Duration.ofSeconds(5), Duration.ofSeconds(15), List.of(1, 8, 16, 32), List.of(25, 50, 100, 200),
                Duration.ofSeconds(30), List.of(50, 100, 200, 300, 400, 500, 600), Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofMinutes(10));

        final Duration warmUp;
        final Duration step;
        final List<Integer> clients;
        final List<Integer> endToEndRates;
        final Duration endToEndWindow;
        final List<Integer> keepUpRates;
        final Duration keepUpWindow;
        final Duration idle;
        /** How long to wait for the consumers to work off a phase's backlog before the next phase (noted in the JSON if not). */
        final Duration catchUp;

        Mode(Duration warmUp, Duration step, List<Integer> clients, List<Integer> endToEndRates, Duration endToEndWindow,
                List<Integer> keepUpRates, Duration keepUpWindow, Duration idle, Duration catchUp) {
            this.warmUp = warmUp;
            this.step = step;
            this.clients = clients;
            this.endToEndRates = endToEndRates;
            this.endToEndWindow = endToEndWindow;
            this.keepUpRates = keepUpRates;
            this.keepUpWindow = keepUpWindow;
            this.idle = idle;
            this.catchUp = catchUp;
        }
    }

    /** The targets of issue 12 on the 2-core machine. */
    static final int TARGET_CLIENTS = 16;
    static final double TARGET_INTAKE_RATIO = 0.5;
    static final int TARGET_E2E_RATE = 100;
    static final double TARGET_E2E_P99_MS = 50;
    static final double TARGET_RELAY_P99_MS = 20;
    static final int TARGET_KEEP_UP_RATE = 500;
    static final double TARGET_READY_SECONDS = 2;
    static final double TARGET_IDLE_MB = 250;
    /** The keeping-up bound of the issue: the case's outcome within a second of the report being due. */
    static final Duration KEEP_UP_BOUND = Duration.ofSeconds(1);


    private final Mode mode;
    private final boolean flightRecording;
    private final Path root;
    private final Path runDir;
    private final Report report;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Platform platform;
    private String body;
    private String token;

    BenchmarkMain(Mode mode, boolean flightRecording, Path root, Path runDir) {
        this.mode = mode;
        this.flightRecording = flightRecording;
        this.root = root;
        this.runDir = runDir;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("mode", mode.name().toLowerCase(Locale.ROOT));
        run.put("startedAt", Instant.now().toString());
        run.put("processors", Runtime.getRuntime().availableProcessors());
        run.put("java", System.getProperty("java.version"));
        run.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        run.put("loadAverageAtStart", loadAverage());
        this.report = new Report(run);
    }

    public static void main(String[] args) {
        Mode mode = Mode.FULL;
        boolean flightRecording = false;
        Path json = null;
        Path root = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> mode = Mode.SMOKE;
                case "--short" -> mode = Mode.SHORT;
                case "--full" -> mode = Mode.FULL;
                case "--jfr" -> flightRecording = true;
                case "--json" -> json = Path.of(value(args, ++i, "--json"));
                case "--root" -> root = Path.of(value(args, ++i, "--root"));
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        try {
            root = ServiceLauncher.repositoryRoot(root == null ? Path.of("") : root);
            if (json == null) {
                json = root.resolve("benchmark/target/bench.json");
            }
            System.exit(run(mode, flightRecording, root, json) ? 0 : 1);
        } catch (Exception e) {
            System.err.println("meldpunt bench: the benchmark broke: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs every phase, prints the table and writes the JSON; the platform is stopped whatever happens. */
    static boolean run(Mode mode, boolean flightRecording, Path root, Path json) throws Exception {
        Path target = root.resolve("benchmark/target");
        Files.createDirectories(target);
        Path runDir = Files.createTempDirectory(target, "bench-run-");
        System.out.printf("Meldpunt benchmark, %s mode: a fresh platform in %s (logs in %s)%n",
                mode.name().toLowerCase(Locale.ROOT), runDir, runDir.resolve("logs"));
        BenchmarkMain bench = new BenchmarkMain(mode, flightRecording, root, runDir);
        Thread stopOnExit = new Thread(bench::stopPlatform, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            bench.phases();
        } finally {
            bench.stopPlatform();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            deleteQuietly(runDir.resolve("data"));
        }
        bench.report.run().put("loadAverageAtEnd", loadAverage());
        bench.report.run().put("finishedAt", Instant.now().toString());
        System.out.println();
        bench.report.print(System.out);
        bench.report.write(json);
        System.out.println();
        System.out.println("JSON: " + json.toAbsolutePath());
        Path plot = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".svg");
        LatencyPlot.write(plot, java.util.List.of(new LatencyPlot.Run(json, "this run")));
        System.out.println("Plot of latency against offered rate: " + plot.toAbsolutePath());
        return true;
    }

    private void phases() throws Exception {
        progress("starting the local stack (Kafka and PostgreSQL, fsync on) on free ports");
        platform = Platform.startStack(root, runDir, flightRecording);
        body = Files.readString(root.resolve("docs/examples/clinical-diagnostics.json"));
        startUp();
        token = platform.token("analyst");
        HttpResponse<String> first = http.send(reportRequest(), HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 201) {
            throw new IllegalStateException("the first report was answered " + first.statusCode() + ": " + first.body());
        }
        Limits.Sample sample;
        try (Connection c = platform.connect(Service.INCIDENT.database)) {
            sample = Limits.Sample.readFrom(c);
        }
        Map<Integer, ClosedLoad.Result> sqlLimit = limits(sample);
        // The open-model phases first, on a quiet platform: the closed intake phases leave the
        // consumers a backlog of thousands of cases, which would otherwise be measured as latency.
        try (CaseArrivals arrivals = arrivals()) {
            warmUp(arrivals);
            Map<Service, Long> marks = relayMarks();
            endToEnd(arrivals);
            relayLag(marks);
            keepingUp(arrivals);
        }
        catchUp(report.phase("keepingUp"));
        intake("intake, whole platform", "intakeWholePlatform", sqlLimit, false);
        footprintAfterLoad();
        // Last, with investigation- and notification-service stopped: the cost of intake itself.
        // Stopped rather than frozen (SIGSTOP): a consumer frozen for longer than Kafka's timeouts
        // fails its channel and, in this build, does not recover, which would spoil what follows.
        progress("stopping investigation-service and notification-service");
        platform.stop(Service.INVESTIGATION, Service.NOTIFICATION);
        intake("intake, downstream stopped", "intakeDownstreamStopped", sqlLimit, true);
    }

    /**
     * The source of the end-to-end arrivals. The hook for {@code /streams/events} and webhook
     * deliveries once notification-service offers them: see {@link CaseArrivals}.
     */
    CaseArrivals arrivals() {
        return new NotificationEventsTopic(platform.stack().bootstrapServers());
    }

    // --- start-up and footprint ------------------------------------------------------------------

    private final Map<Service, Double> idleMegabytes = new EnumMap<>(Service.class);

    private void startUp() throws Exception {
        Map<String, Object> json = report.phase("startUp");
        json.put("serviceJdk", platform.serviceJdk());
        boolean cacheOn = !"off".equals(System.getenv(ServiceJvm.CACHE_SWITCH));
        for (Service s : Service.values()) {
            if (cacheOn && !platform.startupCached(s)) {
                // The first start of a build records the start-up cache at exit; the figure below is a later start.
                progress("first start of " + s.module + " of this build: records its start-up cache");
                Duration first = platform.start(s);
                platform.stop(s);
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!platform.startupCached(s) && System.nanoTime() < until) {
                    Thread.sleep(100); // the cache is moved into place just after the process has exited
                }
                report.row("start-up", s.module + " first start of the build (records the cache)",
                        String.format("%.2f s", first.toMillis() / 1000.0), platform.startupCached(s) ? "cache recorded"
                                : "no cache recorded: see the service's log");
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("firstStartSeconds", Math.round(first.toMillis() / 10.0) / 100.0);
                json.put(s.module + ".first", f);
            }
            progress("starting " + s.module + " alone");
            Duration ready = platform.start(s);
            Thread.sleep(mode.idle.toMillis()); // let start-up work settle before reading the idle footprint
            double idle = platform.residentMegabytes(s);
            idleMegabytes.put(s, idle);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("readySeconds", Math.round(ready.toMillis() / 10.0) / 100.0);
            m.put("residentIdleMb", Report.round(idle));
            json.put(s.module, m);
            report.row("start-up", s.module + " ready (started alone)", String.format("%.2f s", ready.toMillis() / 1000.0),
                    String.format("target ≤ %.0f s; JDK %s, %s", TARGET_READY_SECONDS, platform.serviceJdk(),
                            platform.startupCached(s) ? "start-up cache" : "no start-up cache"));
            report.row("start-up", s.module + " resident, idle", String.format("%.0f MB", idle),
                    String.format("target ≤ %.0f MB", TARGET_IDLE_MB));
        }
    }

    @SuppressWarnings("unchecked")
    private void footprintAfterLoad() throws IOException {
        Map<String, Object> json = report.phase("startUp");
        for (Service s : Service.values()) {
            double after = platform.residentMegabytes(s);
            ((Map<String, Object>) json.get(s.module)).put("residentAfterLoadMb", Report.round(after));
            report.row("footprint", s.module + " resident, after the load", String.format("%.0f MB", after),
                    String.format("idle %.0f MB", idleMegabytes.get(s)));
        }
    }

    // --- the limit -------------------------------------------------------------------------------

    private Map<Integer, ClosedLoad.Result> limits(Limits.Sample sample) throws Exception {
        Limits.prepareDatabase(platform, root);
        Limits.prepareTopic(platform);
        // The services are up but idle: nothing is sent to them while the limit runs.
        Map<Integer, ClosedLoad.Result> sql = new LinkedHashMap<>();
        {
            Map<String, Object> json = report.phase("limit");
            Map<String, Object> sqlJson = new LinkedHashMap<>();
            Map<String, Object> kafkaJson = new LinkedHashMap<>();
            json.put("intakeSql", sqlJson);
            json.put("producerAcks", kafkaJson);
            for (int clients : mode.clients) {
                progress("limit: the intake SQL over JDBC, " + clients + " clients");
                ClosedLoad.Result r = Limits.intakeSql(platform, sample, clients, mode.warmUp, mode.step);
                sql.put(clients, r);
                sqlJson.put(Integer.toString(clients), Report.closed(r));
                report.row("limit", "intake SQL over JDBC, " + clients + " clients", Report.rate(r), "");
            }
            for (int clients : mode.clients) {
                progress("limit: acknowledged producer sends, " + clients + " clients");
                ClosedLoad.Result r = Limits.producerSends(platform, sample, clients, mode.warmUp, mode.step);
                kafkaJson.put(Integer.toString(clients), Report.closed(r));
                report.row("limit", "Kafka acks=all sends, " + clients + " clients", Report.rate(r), "");
            }
        }
        return sql;
    }

    // --- intake ------------------------------------------------------------------------------------

    private void intake(String phase, String key, Map<Integer, ClosedLoad.Result> limit, boolean downstreamStopped)
            throws Exception {
        Map<String, Object> json = report.phase(key);
        Service[] measured = downstreamStopped ? new Service[] {Service.INCIDENT} : Service.values();
        for (int clients : mode.clients) {
            progress(phase + ": POST /incidents, " + clients + " clients");
            ClosedLoad.Operation post = client -> http
                    .send(reportRequest(), HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
            ClosedLoad.run(clients, Duration.ZERO, mode.warmUp, post);
            Map<Service, Double> cpuBefore = cpu(measured);
            ClosedLoad.Result r = ClosedLoad.run(clients, Duration.ZERO, mode.step, post);
            Map<Service, Double> cpuAfter = cpu(measured);
            long reports = Math.max(1, r.latency().count());
            double incidentCpu = (cpuAfter.get(Service.INCIDENT) - cpuBefore.get(Service.INCIDENT)) / reports;
            double platformCpu = 0;
            for (Service s : measured) {
                platformCpu += (cpuAfter.get(s) - cpuBefore.get(s)) / reports;
            }
            double ratio = r.perSecond() / limit.get(clients).perSecond();
            Map<String, Object> m = Report.closed(r);
            m.put("ratioToSqlLimit", Math.round(ratio * 100) / 100.0);
            m.put("incidentServiceCpuMsPerReport", Report.round(incidentCpu));
            m.put("servicesCpuMsPerReport", Report.round(platformCpu));
            json.put(Integer.toString(clients), m);
            report.row(phase, "POST /incidents, " + clients + " clients", Report.rate(r),
                    String.format("%.2f × SQL limit", ratio)
                            + (downstreamStopped && clients == TARGET_CLIENTS ? String.format(" (target ≥ %.1f)", TARGET_INTAKE_RATIO) : "")
                            + String.format("; CPU/report: incident-service %.1f ms%s", incidentCpu,
                                    downstreamStopped ? "" : String.format(", all services %.1f ms", platformCpu)));
        }
    }

    /** CPU used so far by each service, in milliseconds. */
    private Map<Service, Double> cpu(Service... services) throws IOException {
        Map<Service, Double> m = new EnumMap<>(Service.class);
        for (Service s : services) {
            m.put(s, platform.cpuMillis(s));
        }
        return m;
    }

    /** Lets the consumers work off what the phase left, so the next phase starts from a quiet platform. */
    private boolean catchUp(Map<String, Object> json) throws Exception {
        progress("waiting until every consumer group has caught up");
        Duration took = platform.awaitCaughtUp(mode.catchUp);
        json.put("caughtUpAfterSeconds", took == null ? null : Report.round(took.toMillis() / 1000.0));
        if (took == null) {
            json.put("note", "consumers still behind after " + mode.catchUp.toSeconds() + " s");
        }
        return took != null;
    }

    // --- end to end, relay lag, keeping up ----------------------------------------------------------

    /** What an open-model run gave, with the arrivals of its cases. */
    private record Arrived(OpenLoad.Result sent, Latencies.Summary dueToArrival, Latencies.Summary answeredToArrival,
            long missing) {
    }

    private Arrived openRun(CaseArrivals arrivals, int rate, Duration window) throws Exception {
        OpenLoad.Result sent = OpenLoad.run(http, reportRequest(), rate, window);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<OpenLoad.Accepted> pending = new ArrayList<>(sent.accepted());
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.removeIf(a -> arrivals.firstArrival(a.incidentId()) != null);
            if (!pending.isEmpty()) {
                Thread.sleep(50);
            }
        }
        Latencies due = new Latencies();
        Latencies answered = new Latencies();
        for (OpenLoad.Accepted a : sent.accepted()) {
            Long at = arrivals.firstArrival(a.incidentId());
            if (at != null) {
                due.recordNanos(at - a.dueNanos());
                answered.recordNanos(at - a.answeredNanos());
            }
        }
        return new Arrived(sent, due.summary(), answered.summary(), pending.size());
    }

    /**
     * The services have only just started: their JIT compilers have not yet seen this load, and
     * the first thousands of cases run partly interpreted while C2 competes for the same two cores.
     * One keeping-up window at the lowest keeping-up rate warms them, as the closed phases' warm-up
     * does; its figures are kept apart, as the cost of a cold start under load.
     */
    private void warmUp(CaseArrivals arrivals) throws Exception {
        Map<String, Object> json = report.phase("endToEnd");
        json.put("arrival", arrivals.describe());
        Map<String, Object> warm = new LinkedHashMap<>();
        catchUp(warm);
        int warmRate = mode.keepUpRates.get(0);
        progress("end to end: warming up at " + warmRate + " reports per second for " + mode.keepUpWindow.toSeconds()
                + " s (not measured)");
        Arrived w = openRun(arrivals, warmRate, mode.keepUpWindow);
        warm.put("offeredPerSecond", warmRate);
        warm.put("sent", w.sent().sent());
        warm.put("dueToArrival", Report.latency(w.dueToArrival()));
        json.put("warmUp", warm);
        report.row("end to end", "warm-up right after start, " + warmRate + "/s: due → " + arrivals.describe(),
                Report.percentiles(w.dueToArrival()), "cold JIT; not a measurement");
    }

    private void endToEnd(CaseArrivals arrivals) throws Exception {
        Map<String, Object> json = report.phase("endToEnd");
        for (int rate : mode.endToEndRates) {
            Map<String, Object> m = new LinkedHashMap<>();
            catchUp(m);
            progress("end to end: " + rate + " reports per second for " + mode.endToEndWindow.toSeconds() + " s (open model)");
            Arrived a = openRun(arrivals, rate, mode.endToEndWindow);
            m.put("offeredPerSecond", rate);
            m.put("sent", a.sent().sent());
            m.put("failures", a.sent().failures());
            m.put("missing", a.missing());
            m.put("dueTo201", Report.latency(a.sent().dueTo201()));
            m.put("dueToArrival", Report.latency(a.dueToArrival()));
            m.put("201ToArrival", Report.latency(a.answeredToArrival()));
            json.put(Integer.toString(rate), m);
            String against = rate == TARGET_E2E_RATE ? String.format("target p99 ≤ %.0f ms", TARGET_E2E_P99_MS) : "";
            report.row("end to end", rate + "/s: due → 201", Report.percentiles(a.sent().dueTo201()),
                    a.sent().failures() > 0 ? a.sent().failures() + " failed" : "");
            report.row("end to end", rate + "/s: due → " + arrivals.describe(), Report.percentiles(a.dueToArrival()),
                    against + (a.missing() > 0 ? (against.isEmpty() ? "" : "; ") + a.missing() + " never arrived" : ""));
            report.row("end to end", rate + "/s: 201 → " + arrivals.describe(), Report.percentiles(a.answeredToArrival()), "");
        }
    }

    /** The last event-log position of each service before the end-to-end phase. */
    private Map<Service, Long> relayMarks() throws Exception {
        Map<Service, Long> marks = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            try (Connection c = platform.connect(s.database); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT coalesce(max(position), 0) FROM event_log")) {
                rs.next();
                marks.put(s, rs.getLong(1));
            }
        }
        return marks;
    }

    /**
     * From the outbox tables: {@code occurred_at} is stamped as the event is appended in its
     * transaction, {@code published_at} right after Kafka acknowledged it; for every event the
     * services wrote during the end-to-end phase.
     */
    private void relayLag(Map<Service, Long> marks) throws Exception {
        Map<String, Object> json = report.phase("relayLag");
        for (Service s : Service.values()) {
            Latencies lag = new Latencies();
            long unpublished = 0;
            try (Connection c = platform.connect(s.database); PreparedStatement ps = c.prepareStatement(
                    "SELECT (extract(epoch FROM (published_at - occurred_at)) * 1000000)::bigint FROM event_log WHERE position > ?")) {
                ps.setLong(1, marks.get(s));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long micros = rs.getLong(1);
                        if (rs.wasNull()) {
                            unpublished++;
                        } else {
                            lag.recordMicros(micros);
                        }
                    }
                }
            }
            Latencies.Summary summary = lag.summary();
            Map<String, Object> m = Report.latency(summary);
            m.put("unpublished", unpublished);
            json.put(s.module, m);
            report.row("relay lag", s.module + ": append → Kafka ack (" + summary.count() + " events)",
                    String.format("p50 %.1f ms, p99 %.1f ms", summary.p50(), summary.p99()),
                    String.format("target p99 ≤ %.0f ms", TARGET_RELAY_P99_MS));
        }
    }

    /**
     * Climbs the rates; a rate is kept up with when every report is accepted and every case's
     * outcome arrives within {@link #KEEP_UP_BOUND} of its report being due (p99), for the whole
     * window. Stops at the first rate that is not kept up with.
     */
    private void keepingUp(CaseArrivals arrivals) throws Exception {
        Map<String, Object> json = report.phase("keepingUp");
        json.put("boundMs", KEEP_UP_BOUND.toMillis());
        json.put("windowSeconds", mode.keepUpWindow.toSeconds());
        List<Map<String, Object>> steps = new ArrayList<>();
        json.put("steps", steps);
        Integer highest = null;
        for (int rate : mode.keepUpRates) {
            if (!catchUp(new LinkedHashMap<>())) {
                json.put("stoppedBecause", "the consumers did not work off the previous step within "
                        + mode.catchUp.toSeconds() + " s");
                break;
            }
            progress("keeping up: " + rate + " reports per second for " + mode.keepUpWindow.toSeconds() + " s");
            Arrived a = openRun(arrivals, rate, mode.keepUpWindow);
            long lagAfter = platform.consumerLag();
            boolean kept = a.sent().failures() == 0 && a.missing() == 0
                    && a.dueToArrival().p99() <= KEEP_UP_BOUND.toMillis();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offeredPerSecond", rate);
            m.put("keptUp", kept);
            m.put("failures", a.sent().failures());
            m.put("missing", a.missing());
            m.put("dueToArrival", Report.latency(a.dueToArrival()));
            m.put("uncommittedRecordsAtEnd", lagAfter);
            steps.add(m);
            if (!kept) {
                break;
            }
            highest = rate;
        }
        json.put("highestPerSecond", highest);
        report.row("keeping up", "highest rate with the case's outcome within 1 s (p99), "
                + mode.keepUpWindow.toSeconds() + " s each",
                highest == null ? "below " + mode.keepUpRates.get(0) + "/s" : highest + "/s"
                        + (highest.equals(mode.keepUpRates.get(mode.keepUpRates.size() - 1)) ? " (the highest tried)" : ""),
                "target ≥ " + TARGET_KEEP_UP_RATE + "/s");
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private HttpRequest reportRequest() {
        return HttpRequest.newBuilder(URI.create(platform.url(Service.INCIDENT) + "/incidents"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private synchronized void stopPlatform() {
        if (platform != null) {
            progress("stopping the benchmark's platform");
            platform.close();
            platform = null;
        }
    }

    private static void progress(String what) {
        System.out.printf("  [%tT] %s%n", System.currentTimeMillis(), what);
    }

    static List<Double> loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("meldpunt bench: " + problem);
        System.err.println("usage: ./meldpunt bench [--short|--full] [--json FILE] [--jfr]");
        System.exit(2);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the run directory is under target/; mvn clean removes what is left
        }
    }
}
