package nl.meldpunt.benchmark;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An open model: reports are sent at a fixed rate by the clock, whether or not earlier ones were
 * answered, and every latency is measured from the moment the report was due to be sent. A slow
 * answer therefore shows as the wait of every report behind it instead of hiding it
 * (no coordinated omission).
 */
final class OpenLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One accepted report: the incident's id, when it was due, and when its 201 arrived (System.nanoTime). */
    record Accepted(String incidentId, long dueNanos, long answeredNanos) {
    }

    record Result(double offeredPerSecond, int sent, List<Accepted> accepted, long failures, Latencies.Summary dueTo201) {
    }

    private OpenLoad() {
    }

    static Result run(HttpClient http, HttpRequest report, double perSecond, Duration window) throws Exception {
        int n = (int) Math.max(1, Math.round(perSecond * window.toMillis() / 1000.0));
        long period = (long) (1e9 / perSecond);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        Latencies dueTo201 = new Latencies();
        List<CompletableFuture<?>> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long due = start + i * period;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            answers.add(http.sendAsync(report, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long answered = System.nanoTime();
                if (error != null || response.statusCode() != 201) {
                    failures.incrementAndGet();
                    return;
                }
                dueTo201.recordNanos(answered - due);
                try {
                    accepted.add(new Accepted(JSON.readTree(response.body()).path("id").asText(), due, answered));
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }));
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            // counted per request above
        }
        return new Result(perSecond, n, new ArrayList<>(accepted), failures.get(), dueTo201.summary());
    }
}
