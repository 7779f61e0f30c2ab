package nl.meldpunt.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.meldpunt.localstack.SharedStack;

/**
 * The load of the fault suite: a few clients, each reporting the Clinical Diagnostics breach over
 * and over and triaging every incident it got a 201 for (so each incident has a flow across the
 * three services: reported, triaged, two investigations opened, investigation started, obligations).
 *
 * <p>Each client keeps a steady pace; a request that fails (connection refused or reset, a time-out,
 * a 5xx) is counted as unanswered and the client goes on. What got a 201 is recorded: those must all arrive.
 */
final class FaultLoad implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final String body;
    private final String token = SharedStack.token("analyst");
    private final Supplier<String> target;
    private final int clients;
    private final long pauseNanos;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread[] threads;
    private final Instant started = Instant.now();

    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Set<String> triaged = ConcurrentHashMap.newKeySet();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    private volatile Instant stoppedAt;

    /**
     * Starts {@code clients} threads, each sending at most {@code perClientPerSecond} reports a second to the
     * URL {@code target} names at that moment (so the load can follow a service to another instance).
     */
    FaultLoad(int clients, double perClientPerSecond, Supplier<String> target) throws IOException {
        this.body = Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json"));
        this.target = target;
        this.clients = clients;
        this.pauseNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perClientPerSecond);
        this.threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            threads[i] = new Thread(this::run, "fault-load-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    FaultLoad(int clients, double perClientPerSecond, List<String> targets) throws IOException {
        this(clients, perClientPerSecond, roundRobin(targets));
    }

    private static Supplier<String> roundRobin(List<String> targets) {
        AtomicInteger next = new AtomicInteger();
        return () -> targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
    }

    private void run() {
        while (running.get()) {
            long next = System.nanoTime() + pauseNanos;
            reportAndTriage(target.get());
            // pacing the load, not waiting for a condition
            long rest = next - System.nanoTime();
            if (rest > 0 && running.get()) {
                LockSupport.parkNanos(rest);
            }
        }
    }

    private void reportAndTriage(String base) {
        sent.incrementAndGet();
        String id;
        try {
            HttpResponse<String> r = http.send(request(base + "/incidents", body), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                (r.statusCode() >= 500 ? unanswered : refused).incrementAndGet();
                return;
            }
            Matcher m = ID.matcher(r.body());
            if (!m.find()) {
                throw new IllegalStateException("201 without an id: " + r.body());
            }
            id = m.group(1);
            accepted.add(id);
        } catch (IOException e) {
            unanswered.incrementAndGet();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            HttpResponse<String> r = http.send(request(base + "/incidents/" + id + "/triage",
                    "{\"requiredAuthorities\":[\"IGJ\",\"AP\"],\"rationale\":\"fault suite\"}"), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                triaged.add(id);
            }
        } catch (IOException e) {
            // the triage may or may not have happened; the checker looks at what the database says
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest request(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Stops the clients and waits for their last requests to be answered or to time out. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(REQUEST_TIMEOUT.multipliedBy(3).toMillis());
        }
        if (stoppedAt == null) {
            stoppedAt = Instant.now();
        }
    }

    /** E.g. {@code 4 clients x 5/s for 6.1 s: 110 sent}. */
    String describe() {
        double seconds = Duration.between(started, stoppedAt == null ? Instant.now() : stoppedAt).toMillis() / 1000.0;
        return String.format("%d clients x %.1f/s for %.1f s: %d sent", clients, TimeUnit.SECONDS.toNanos(1) / (double) pauseNanos,
                seconds, sent.get());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
