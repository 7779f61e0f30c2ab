package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Figures for docs/streams.md, printed, never asserted (timings depend on the machine). Not part of
 * mvn verify; run with
 * {@code mvn -pl system-tests -am verify -Dtest=StreamBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(RunningPlatform.class)
class StreamBenchmark {

    private static final Pattern SUBJECT = Pattern.compile("\"subject\":\"([0-9a-f-]{36})\"");

    /** From POST /incidents answering 201 to incident.reported arriving on an open stream, at a steady rate. */
    @Test
    void latencyFromA201ToTheEventOnAnOpenStream() throws Exception {
        int rate = Integer.getInteger("bench.rate", 5);
        int count = Integer.getInteger("bench.count", 200);
        int warmup = 20;
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(RunningPlatform.url(Service.NOTIFICATION)
                + "/streams/events?types=incident.reported")).header("Authorization", "Bearer " + SharedStack.token("analyst"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        Matcher m = SUBJECT.matcher(line);
                        if (m.find()) {
                            arrived.putIfAbsent(m.group(1), System.nanoTime());
                        }
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                // closed at the end of the benchmark
            }
        }, "bench-stream");
        reader.setDaemon(true);
        reader.start();

        String body = Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json"));
        String token = SharedStack.token("analyst");
        long period = 1_000_000_000L / rate;
        long next = System.nanoTime();
        List<String> measured = new ArrayList<>();
        for (int i = 0; i < warmup + count; i++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            next += period;
            String id = given().baseUri(RunningPlatform.url(Service.INCIDENT)).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(body).post("/incidents").then().statusCode(201).extract().path("id");
            answered.put(id, System.nanoTime());
            if (i >= warmup) {
                measured.add(id);
            }
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> measured.stream().allMatch(arrived::containsKey));
        response.body().close();
        List<Long> micros = new ArrayList<>();
        for (String id : measured) {
            micros.add(Math.max(0, (arrived.get(id) - answered.get(id)) / 1000));
        }
        Collections.sort(micros);
        System.out.printf("%nSTREAM LATENCY: %d incidents at %d/s after %d warm-up: 201 -> event on stream p50 %.1f ms, "
                + "p90 %.1f ms, p99 %.1f ms, max %.1f ms%n%n", count, rate, warmup, pct(micros, 50), pct(micros, 90), pct(micros, 99),
                micros.get(micros.size() - 1) / 1000.0);
    }

    private static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
    }

    /**
     * Opens streams in steps against one notification-service (-Xmx384m, as the system tests run it) and,
     * at each step, times how long one event takes to reach every open stream.
     */
    @Test
    void concurrentStreamsOneInstanceHolds() throws Exception {
        int max = Integer.getInteger("bench.streams", 4000);
        String url = RunningPlatform.url(Service.NOTIFICATION) + "/streams/events?types=incident.reported";
        String token = SharedStack.token("viewer");
        ExecutorService readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-reader");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().executor(readers).build();
        List<InputStream> open = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        Map<Integer, CountDownLatch> rounds = new ConcurrentHashMap<>();
        AtomicLong round = new AtomicLong();
        for (int step = 500; step <= max; step *= 2) {
            int target = step;
            while (open.size() + failed.get() < target) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream").build();
                HttpResponse<InputStream> r;
                try {
                    r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                } catch (IOException e) {
                    failed.incrementAndGet();
                    continue;
                }
                if (r.statusCode() != 200) {
                    failed.incrementAndGet();
                    continue;
                }
                InputStream in = r.body();
                open.add(in);
                readers.execute(() -> read(in, rounds, round));
            }
            long n = round.incrementAndGet();
            CountDownLatch all = new CountDownLatch(open.size());
            rounds.put((int) n, all);
            long start = System.nanoTime();
            given().baseUri(RunningPlatform.url(Service.INCIDENT)).auth().oauth2(SharedStack.token("analyst"))
                    .contentType(ContentType.JSON)
                    .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                    .post("/incidents").then().statusCode(201);
            boolean everyone = all.await(2, TimeUnit.MINUTES);
            String metric = given().baseUri(RunningPlatform.url(Service.NOTIFICATION)).get("/q/metrics").asString().lines()
                    .filter(l -> l.startsWith("meldpunt_streams_open")).findFirst().orElse("meldpunt_streams_open ?");
            System.out.printf("%nSTREAMS: %d open (%d refused), one event reached %s of them in %.0f ms; server says %s%n%n",
                    open.size(), failed.get(), everyone ? "all" : (open.size() - all.getCount()) + "", (System.nanoTime() - start) / 1e6,
                    metric);
            if (failed.get() > 0 || !everyone) {
                break;
            }
        }
        synchronized (open) {
            for (InputStream in : open) {
                try {
                    in.close();
                } catch (IOException e) {
                    // closing at the end of the benchmark
                }
            }
        }
        readers.shutdownNow();
    }

    private static void read(InputStream in, Map<Integer, CountDownLatch> rounds, AtomicLong round) {
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:") && line.substring(6).trim().equals("incident.reported")) {
                    CountDownLatch l = rounds.get((int) round.get());
                    if (l != null) {
                        l.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // the benchmark closed it
        }
    }
}
