package nl.meldpunt.incident.rest;

import static nl.meldpunt.incident.Fixtures.as;
import static nl.meldpunt.incident.Fixtures.clinicalDiagnostics;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import nl.meldpunt.localstack.TopicReader;

/**
 * Prints intake latency (POST /incidents round trip) and relay lag (commit to Kafka
 * acknowledgement, from the relay's own timer) for a burst of reports. It asserts only that
 * every report was accepted and published; the figures are for reading, not for failing the build.
 *
 * <p>Run alone: {@code mvn -pl incident-service verify -Dtest=IntakeBenchmark -Dbenchmark.reports=1000}
 */
@QuarkusTest
class IntakeBenchmark {

    @Test
    void reportsABurstOfIncidentsAndPrintsIntakeLatencyAndRelayLag() {
        int n = Integer.getInteger("benchmark.reports", 200);
        String body = clinicalDiagnostics();
        // Warm-up: JIT, connection pools and the producer's metadata.
        for (int i = 0; i < 20; i++) {
            as("analyst").body(body).post("/incidents").then().statusCode(201);
        }
        List<Long> micros = new ArrayList<>(n);
        List<String> ids = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            ids.add(as("analyst").body(body).post("/incidents").then().statusCode(201).extract().path("id"));
            micros.add((System.nanoTime() - t0) / 1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> lagMillis = new ArrayList<>(n);
        try (TopicReader reader = new TopicReader("incident-events")) {
            Set<String> pending = new HashSet<>(ids);
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                pending.removeIf(id -> {
                    var records = reader.forKey(id);
                    if (records.isEmpty()) {
                        return false;
                    }
                    // ce_time is when the event was appended in the transaction; the record timestamp is
                    // when the relay handed it to the producer.
                    var r = records.get(0);
                    lagMillis.add(r.timestamp() - java.time.Instant.parse(TopicReader.header(r, "ce_time")).toEpochMilli());
                    return true;
                });
                return pending.isEmpty();
            });
        }
        Collections.sort(lagMillis);
        Collections.sort(micros);
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        System.out.printf("%n== Meldpunt intake benchmark: %d sequential reports in %.1f s (%.0f/s) ==%n", n, seconds, n / seconds);
        System.out.printf("intake latency (HTTP round trip): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(micros, 50), pct(micros, 95), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0);
        System.out.printf("relay pick-up (append to producer send, from record timestamps): p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                lagMillis.get(lagMillis.size() / 2), lagMillis.get((int) (lagMillis.size() * 0.95)),
                lagMillis.get((int) (lagMillis.size() * 0.99)), lagMillis.get(lagMillis.size() - 1));
        System.out.printf("relay lag (append to Kafka ack, relay timer meldpunt_outbox_relay_lag_seconds): mean %s ms, max %s ms%n",
                mean(metrics), max(metrics));
        assertEquals(n, new HashSet<>(ids).size());
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }

    private static String max(String metrics) {
        Matcher m = Pattern.compile("meldpunt_outbox_relay_lag_seconds_max(\\{[^}]*})? ([0-9.E-]+)").matcher(metrics);
        return m.find() ? String.format("%.1f", Double.parseDouble(m.group(2)) * 1000) : "n/a";
    }

    private static String mean(String metrics) {
        Matcher sum = Pattern.compile("meldpunt_outbox_relay_lag_seconds_sum(\\{[^}]*})? ([0-9.E-]+)").matcher(metrics);
        Matcher count = Pattern.compile("meldpunt_outbox_relay_lag_seconds_count(\\{[^}]*})? ([0-9.E-]+)").matcher(metrics);
        if (sum.find() && count.find()) {
            return String.format("%.1f", Double.parseDouble(sum.group(2)) / Double.parseDouble(count.group(2)) * 1000);
        }
        return "n/a";
    }
}
