package nl.meldpunt.localstack;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts a Meldpunt service as production runs it: a JVM of its own from its {@code quarkus-run.jar}
 * in the prod profile, configured through the environment, on a local stack's Kafka and PostgreSQL.
 *
 * <p>The one place that knows how a service process is launched: {@code ./meldpunt up} (through
 * {@link Supervisor}), the system tests and the benchmark all use it, so what they measure and test
 * is what runs.
 */
public final class ServiceLauncher {

    /** Heap of the local stack's JVM (the Kafka broker runs in it, PostgreSQL as its child). */
    public static final String STACK_HEAP = "-Xmx768m";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceLauncher() {
    }

    /** What to start: the module (e.g. {@code incident-service}), its port, database and log, and extra JVM options. */
    public record Launch(String module, int port, String database, Path log, List<String> jvmOptions) {
        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /** The repository root, found upwards from {@code start}: the directory holding {@code meldpunt} and {@code pom.xml}. */
    public static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("meldpunt")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Meldpunt repository above " + start.toAbsolutePath());
    }

    public static Path quarkusJar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Starts the service process on the stack's Kafka and PostgreSQL; see {@link #launch(Path, Launch, String, String, String)}. */
    public static Process launch(Path root, Launch launch, LocalStack stack, String publicKey) throws IOException {
        return launch(root, launch, stack.bootstrapServers(), stack.jdbcUrl(launch.database()), publicKey);
    }

    /**
     * Starts the service process; its stdout and stderr go to the launch's log. It is not ready yet.
     * Every service process of Meldpunt on this machine starts here: {@code ./meldpunt up} (through
     * {@link Supervisor}), the system tests and the benchmark. A JVM option every launch needs
     * belongs in {@link #command}.
     */
    public static Process launch(Path root, Launch launch, String bootstrapServers, String jdbcUrl, String publicKey)
            throws IOException {
        Path jar = quarkusJar(root, launch.module());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn -DskipTests package, "
                    + "or run mvn verify from the repository root)");
        }
        Files.createDirectories(launch.log().toAbsolutePath().getParent());
        ServiceJvm.Plan plan = ServiceJvm.plan(jar.getParent(), ServiceJvm.jdk(System.getenv()),
                !"off".equals(System.getenv(ServiceJvm.CACHE_SWITCH)));
        ProcessBuilder builder = new ProcessBuilder(command(jar, launch, plan))
                .redirectErrorStream(true)
                .redirectOutput(launch.log().toFile());
        builder.environment().putAll(environment(launch.port(), bootstrapServers, jdbcUrl, publicKey));
        Process process = builder.start();
        // A start-up cache recorded by this process is moved into place once it has exited (ServiceJvm).
        process.onExit().thenAccept(p -> plan.afterExit().accept(p.exitValue()));
        return process;
    }

    /**
     * The service's command line: the JDK, heap and start-up cache {@link ServiceJvm} chose, the
     * launch's options, the jar.
     */
    static List<String> command(Path jar, Launch launch, ServiceJvm.Plan plan) {
        List<String> command = new ArrayList<>();
        command.add(plan.java());
        command.addAll(plan.options());
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** What a service reads from its environment here; production sets the same variables (docs/operations.md). */
    static Map<String, String> environment(int port, String bootstrapServers, String jdbcUrl, String publicKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", LocalStack.DB_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", LocalStack.DB_PASSWORD);
        env.put("OIDC_PUBLIC_KEY", publicKey);
        env.put("OIDC_ISSUER", Tokens.ISSUER);
        env.put("OIDC_AUDIENCE", Tokens.AUDIENCE);
        // Webhook receivers on this machine (loopback) are allowed; read by notification-service only.
        env.put("MELDPUNT_WEBHOOKS_NETWORK", "LOOPBACK_ALLOWED");
        // Log lines for people (production logs JSON).
        env.put("MELDPUNT_JSON_LOGS", "false");
        return env;
    }

    /**
     * Starts the local stack as a process of its own ({@code LocalStackMain stack}) from this JVM's
     * class path, on the given ports with its data in {@code data}; it writes {@code data/stack.ready}
     * once Kafka and PostgreSQL answer.
     */
    public static Process launchStack(Path data, int kafkaPort, int controllerPort, int postgresPort, Path log)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = List.of(javaExecutable(), STACK_HEAP,
                "-cp", classPath(), LocalStackMain.class.getName(), "stack",
                "--data", data.toAbsolutePath().toString(),
                "--kafka-port", Integer.toString(kafkaPort),
                "--controller-port", Integer.toString(controllerPort),
                "--postgres-port", Integer.toString(postgresPort));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** This JVM's class path with absolute entries, so a child started elsewhere finds it too. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** One look at {@code /q/health/ready}: true when the service answers 200. */
    public static boolean ready(int port) throws InterruptedException {
        URI uri = URI.create("http://localhost:" + port + "/q/health/ready");
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException | HttpTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a connection reset while the server is still binding
            return false;
        }
    }

    /** TERM to all at once, so each shuts down as in production; KILL whatever is left after the timeout. */
    public static void stop(Collection<Process> processes, Duration timeout) {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last 40 lines of a log, for a failure message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
