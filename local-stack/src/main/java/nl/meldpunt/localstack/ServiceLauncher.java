package nl.meldpunt.localstack;

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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a Meldpunt service as production runs it: a JVM of its own from its {@code quarkus-run.jar}
 * in the prod profile, configured through the environment, on a local stack's Kafka and PostgreSQL.
 *
 * <p>The one place that knows how a service process is launched: the system tests and the benchmark
 * both use it, so what they measure and test is what runs.
 */
public final class ServiceLauncher {

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

    /** Starts the service process; its stdout and stderr go to the launch's log. It is not ready yet. */
    public static Process launch(Path root, Launch launch, LocalStack stack, String publicKey) throws IOException {
        Path jar = quarkusJar(root, launch.module());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn -DskipTests package, "
                    + "or run mvn verify from the repository root)");
        }
        Files.createDirectories(launch.log().toAbsolutePath().getParent());
        Path quarkusApp = jar.getParent();
        ServiceJvm.Plan plan = ServiceJvm.plan(quarkusApp, ServiceJvm.jdk(System.getenv()),
                !"off".equals(System.getenv(ServiceJvm.CACHE_SWITCH)));
        List<String> command = new ArrayList<>();
        command.add(plan.java());
        command.addAll(plan.options());
        command.add("-Dquarkus.http.port=" + launch.port());
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(launch.log().toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.jdbcUrl(launch.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", LocalStack.DB_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", LocalStack.DB_PASSWORD);
        env.put("OIDC_PUBLIC_KEY", publicKey);
        env.put("OIDC_ISSUER", Tokens.ISSUER);
        env.put("OIDC_AUDIENCE", Tokens.AUDIENCE);
        // As under ./meldpunt up: webhook receivers on this machine (loopback) are allowed.
        env.put("MELDPUNT_WEBHOOKS_NETWORK", "LOOPBACK_ALLOWED");
        // Log lines for people, as under ./meldpunt up (production logs JSON).
        env.put("MELDPUNT_JSON_LOGS", "false");
        Process process = builder.start();
        // A start-up cache recorded by this process is moved into place once it has exited (ServiceJvm).
        process.onExit().thenRun(plan.afterExit());
        return process;
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
}
