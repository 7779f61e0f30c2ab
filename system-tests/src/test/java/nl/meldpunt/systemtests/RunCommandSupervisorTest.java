package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nl.meldpunt.localstack.Ports;
import nl.meldpunt.localstack.ServiceLauncher;
import nl.meldpunt.localstack.SigningKeys;
import nl.meldpunt.localstack.Supervisor;
import nl.meldpunt.localstack.Tokens;

/**
 * What {@code ./meldpunt up --instances 2} runs: local-stack's {@link Supervisor} starts a stack of
 * its own and two instances of every service as real processes, each service behind one port. Free
 * ports and a data folder under {@code target/} instead of the run command's, so this runs beside
 * {@code ./meldpunt up} and the other tests.
 */
class RunCommandSupervisorTest {

    /** A list each service answers only with its database and the token check working. */
    private static final Map<String, String> LIST = Map.of("incident-service", "/incidents",
            "investigation-service", "/investigations", "notification-service", "/obligations");

    private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
    private static Supervisor supervisor;
    private static Path data;
    private static String token;

    @BeforeAll
    static void startTwoInstancesOfEveryService() throws Exception {
        Path root = RunningPlatform.repositoryRoot();
        data = root.resolve("system-tests/target/run-command/" + UUID.randomUUID());
        PrintStream console = new PrintStream(new Tee(), true, StandardCharsets.UTF_8);
        supervisor = new Supervisor(new Supervisor.Settings(root, data, 2, Ports.free(), Ports.free(), Ports.free(),
                List.of(Ports.free(), Ports.free(), Ports.free()), Duration.ofMinutes(4), Duration.ofSeconds(30)),
                console, console);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close, "run-command-test-stop"));
        supervisor.start();
        supervisor.watch();
        token = new Tokens(SigningKeys.loadOrCreate(data.resolve("keys"))).mint("analyst", null);
    }

    @AfterAll
    static void stop() throws IOException {
        if (supervisor != null) {
            supervisor.close();
        }
        // The logs stay for a look afterwards; the stack's data (some 80 MB a run) goes.
        for (String dir : List.of("postgres", "kafka")) {
            Path path = data.resolve(dir);
            if (Files.isDirectory(path)) {
                try (var files = Files.walk(path)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    @Test
    void everyServiceRunsTwoReadyInstancesAndBothAnswerRequestsOnTheServicesOnePort() {
        for (String service : Supervisor.SERVICES) {
            List<Supervisor.Instance> instances = instancesOf(service);
            assertEquals(List.of(service + "-1", service + "-2"), instances.stream().map(Supervisor.Instance::name).toList());
            for (Supervisor.Instance instance : instances) {
                assertNotEquals(supervisor.port(service), instance.port());
                await(instance.name() + " ready").atMost(Duration.ofMinutes(2)).until(() -> ServiceLauncher.ready(instance.port()));
            }

            int port = supervisor.port(service);
            Set<String> answeredBy = ConcurrentHashMap.newKeySet();
            await(service + " answers from both instances on port " + port).atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        HttpResponse<String> answer = get(port, LIST.get(service));
                        assertEquals(200, answer.statusCode(), answer.body());
                        answeredBy.add(answer.headers().firstValue(Supervisor.INSTANCE_HEADER).orElse("(no header)"));
                        return answeredBy.size() >= 2;
                    });
            assertEquals(Set.of(service + "-1", service + "-2"), answeredBy);
        }
    }

    @Test
    void anInstanceKilledWithSignalNineIsRestartedOnItsPortAndTheConsoleSaysWhy() throws IOException {
        String name = "incident-service-2";
        Supervisor.Instance victim = instance(name);
        Supervisor.Instance sibling = instance("incident-service-1");
        await(name + " ready").atMost(Duration.ofMinutes(2)).until(() -> ServiceLauncher.ready(victim.port()));

        assertTrue(ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly(), "SIGKILL sent"); // kill -9

        await(name + " restarted and ready").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Supervisor.Instance now = instance(name);
                    return now.alive() && now.pid() != victim.pid() && ServiceLauncher.ready(now.port());
                });
        Supervisor.Instance restarted = instance(name);
        assertEquals(victim.port(), restarted.port());
        String console = console();
        Path log = data.resolve("logs/" + name + ".log");
        assertTrue(console.contains("meldpunt: " + name + " stopped unexpectedly (exit code 137, killed by SIGKILL; log: " + log + ")."),
                console);
        assertTrue(console.contains("--- last lines of " + log + " ---"), console);
        assertTrue(console.contains("meldpunt: restarting " + name + " in 1 s (restart 1)"), console);
        assertTrue(console.contains("meldpunt: " + name + " restarted (pid " + restarted.pid() + "); the log of the run that "
                + "stopped is " + data.resolve("logs/" + name + ".previous.log")), console);
        assertTrue(Files.readString(data.resolve("logs/" + name + ".previous.log")).contains("Quarkus"),
                "the killed run's log is kept");
        // The rest kept running.
        assertEquals(sibling.pid(), instance("incident-service-1").pid());
        assertTrue(instance("incident-service-1").alive());
    }

    private static List<Supervisor.Instance> instancesOf(String service) {
        return supervisor.instances().stream().filter(i -> i.service().equals(service)).toList();
    }

    private static Supervisor.Instance instance(String name) {
        return supervisor.instances().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    /** A client of its own per request: a new connection, which the service's one port hands to the next instance. */
    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String console() {
        synchronized (CAPTURED) {
            return CAPTURED.toString(StandardCharsets.UTF_8);
        }
    }

    /** The supervisor's console, kept for the assertions and shown in the test output. */
    private static final class Tee extends OutputStream {
        @Override
        public void write(int b) {
            synchronized (CAPTURED) {
                CAPTURED.write(b);
            }
            System.out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (CAPTURED) {
                CAPTURED.write(b, off, len);
            }
            System.out.write(b, off, len);
        }

        @Override
        public void flush() {
            System.out.flush();
        }
    }
}
