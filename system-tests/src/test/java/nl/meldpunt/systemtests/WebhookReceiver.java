package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;
import nl.meldpunt.localstack.SharedStack;

/**
 * A webhook receiver that misbehaves: it answers the first attempt of every message with 503,
 * except the first few, on which it hangs until the sender gives up. Later attempts get 204.
 * It counts, per incident, the messages it accepted.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final Pattern SUBJECT = Pattern.compile("\"subject\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final HttpServer server;
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> acceptedByMessage = new ConcurrentHashMap<>();
    private final Map<String, String> incidentByMessage = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger hangsLeft;
    final AtomicInteger failedFirst = new AtomicInteger();
    final AtomicInteger hung = new AtomicInteger();

    WebhookReceiver(int hangs) throws IOException {
        hangsLeft = new AtomicInteger(hangs);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            int status;
            if (attempted.add(id)) {
                failedFirst.incrementAndGet();
                if (hangsLeft.getAndDecrement() > 0) {
                    hung.incrementAndGet();
                    try {
                        // hanging is the fault: the sender's time-out ends the attempt, or the test's end does
                        closing.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                status = 503;
            } else {
                status = 204;
                Matcher m = SUBJECT.matcher(body);
                if (m.find()) {
                    incidentByMessage.put(id, m.group(1));
                }
                acceptedByMessage.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
            try {
                exchange.sendResponseHeaders(status, -1);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.flush();
                }
            } catch (IOException e) {
                // the sender gave up on a hung attempt
            }
        });
        server.start();
    }

    String subscribe(String notificationUrl, String type) {
        return given().baseUri(notificationUrl).auth().oauth2(SharedStack.token("analyst")).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks",
                        "filter", Map.of("types", List.of(type))))
                .post("/subscriptions").then().statusCode(201).extract().path("id");
    }

    void unsubscribe(String notificationUrl, String subscription) {
        given().baseUri(notificationUrl).auth().oauth2(SharedStack.token("analyst")).delete("/subscriptions/{id}", subscription)
                .then().statusCode(204);
    }

    /** The incidents whose message the receiver accepted. */
    Set<String> accepted() {
        return Set.copyOf(incidentByMessage.values());
    }

    /** Messages accepted more than once (a second 2xx for one webhook-id). */
    int acceptedTwice() {
        return acceptedByMessage.values().stream().mapToInt(n -> n.get() - 1).sum();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
