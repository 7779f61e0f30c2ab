package nl.meldpunt.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code ./meldpunt listen}: a webhook receiver for trying Meldpunt on one machine. It listens on
 * the loopback interface, subscribes itself at notification-service with a token of the role asked
 * for, verifies the Standard Webhooks signature of every delivery with the secret it was given,
 * prints each event, and deletes its subscription when stopped.
 *
 * <p>The verification is written out here on purpose, without Meldpunt's own signing code: it is
 * what a subscriber writes, and docs/webhooks.md shows the same lines.
 */
public final class WebhookListener {

    /** Standard Webhooks: refuse a message whose timestamp is further than this from now (replays). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    private volatile String secret;

    WebhookListener(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs until stopped.
     *
     * @param notificationService e.g. {@code http://localhost:8083}
     * @param token a bearer token of the role that subscribes
     * @param port the port to listen on; 0 picks a free one
     * @param filter the subscription's filter (incidentId, types, authority, minSeverity), may be empty
     */
    void run(String notificationService, String token, int port, Map<String, Object> filter) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            boolean valid = secret != null && verify(secret, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), body,
                    h.getFirst("webhook-signature"), Instant.now());
            print(h.getFirst("webhook-id"), body, valid);
            // 400 for a message that does not verify: Meldpunt records it and tries again.
            exchange.sendResponseHeaders(valid ? 204 : 400, -1);
            try (OutputStream o = exchange.getResponseBody()) {
                o.flush();
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", url);
        request.put("description", "./meldpunt listen");
        request.put("filter", filter);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(notificationService + "/subscriptions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            server.stop(0);
            throw new IllegalArgumentException("notification-service refused the subscription (HTTP " + created.statusCode()
                    + "): " + created.body() + "\nIs the platform running (./meldpunt up)?");
        }
        JsonNode subscription = json.readTree(created.body());
        secret = subscription.path("secret").asText();
        String id = subscription.path("id").asText();
        out.printf("Listening on %s as subscription %s%nSigning secret (shown once): %s%n"
                + "Every delivery is checked against it; Ctrl-C deletes the subscription.%n%n", url, id, secret);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(notificationService + "/subscriptions/" + id))
                        .header("Authorization", "Bearer " + token).DELETE().timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                out.println("\nSubscription " + id + " deleted.");
            } catch (IOException | InterruptedException e) {
                out.println("\nCould not delete subscription " + id + ": " + e.getMessage());
            }
            server.stop(0);
            stopped.countDown();
        }, "listen-stop"));
        stopped.await();
    }

    private synchronized void print(String webhookId, byte[] body, boolean valid) {
        String time = LocalTime.now(ZoneId.systemDefault()).format(CLOCK);
        try {
            JsonNode ce = json.readTree(body);
            String type = ce.path("type").asText().replaceFirst("^nl\\.meldpunt\\.", "").replaceFirst("\\.v1$", "");
            JsonNode data = ce.path("data");
            String about = data.path("incident").path("reference").asText(
                    data.path("investigation").path("incidentReference").asText(
                            data.path("obligation").path("incidentReference").asText("")));
            String detail = data.path("incident").path("status").asText(data.path("investigation").path("status").asText(
                    data.path("obligation").path("kind").asText("") + " " + data.path("obligation").path("state").asText("")));
            out.printf("%s %s %-32s %-16s %s  (%s)%n", time, valid ? "verified" : "INVALID SIGNATURE", type, about, detail.trim(),
                    webhookId);
        } catch (IOException e) {
            out.printf("%s %s unreadable body (%s)%n", time, valid ? "verified" : "INVALID SIGNATURE", webhookId);
        }
    }

    /**
     * Standard Webhooks 1.0 verification: HMAC-SHA256 of {@code id.timestamp.body} keyed by the
     * base64 after {@code whsec_}, equal (in constant time) to one of the {@code v1,} signatures in
     * the header, and a timestamp within five minutes of now.
     */
    static boolean verify(String secret, String id, String timestamp, byte[] body, String header, Instant now) {
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1)), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
            for (String signature : header.split(" ")) {
                if (signature.startsWith("v1,")
                        && MessageDigest.isEqual(expected, signature.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Parses {@code listen}'s options into a filter: {@code --incident ID --types a,b --authority X --min-severity S}. */
    static Map<String, Object> filter(String incident, String types, String authority, String minSeverity) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (incident != null) {
            f.put("incidentId", incident);
        }
        if (types != null) {
            f.put("types", List.of(types.split(",")));
        }
        if (authority != null) {
            f.put("authority", authority);
        }
        if (minSeverity != null) {
            f.put("minSeverity", minSeverity);
        }
        return f;
    }
}
