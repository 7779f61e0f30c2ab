package nl.meldpunt.notification.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on the loopback interface, as a subscriber would run one. It answers from
 * a script (then 200 by default), records every request, and checks signatures with its own
 * HMAC code, not Meldpunt's.
 */
final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String webhookId, String timestamp, String signature, String contentType, byte[] body, Instant at) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String type() {
            return json().path("type").asText();
        }

        String subject() {
            return json().path("subject").asText();
        }

        String eventId() {
            return json().path("id").asText();
        }
    }

    /** An answer: a status, headers, and optionally a hang until the receiver closes. */
    record Answer(int status, Map<String, String> headers, boolean hangs) {
        static Answer status(int status) {
            return new Answer(status, Map.of(), false);
        }

        static Answer status(int status, String header, String value) {
            return new Answer(status, Map.of(header, value), false);
        }

        static Answer hang() {
            return new Answer(0, Map.of(), true);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private java.util.function.Function<Request, Answer> responder;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            Request request = new Request(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), h.getFirst("content-type"), body, Instant.now());
            requests.add(request);
            Answer answer;
            synchronized (script) {
                answer = responder != null ? responder.apply(request)
                        : script.isEmpty() ? Answer.status(200) : script.poll();
            }
            if (answer.hangs()) {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] reply = ("answer " + answer.status()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/meldpunt";
    }

    /** The next requests get these answers, in order; then 200 again. */
    void answer(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
    }

    /** Answers every request by this function from now on (instead of the script). */
    void respond(java.util.function.Function<Request, Answer> f) {
        synchronized (script) {
            responder = f;
        }
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requestsOfType(String ceType) {
        return requests().stream().filter(r -> r.type().equals(ceType)).toList();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    /**
     * Standard Webhooks verification written out here, independent of Meldpunt's code: HMAC-SHA256
     * of {@code id.timestamp.body} with the base64-decoded key after {@code whsec_}, compared with
     * every {@code v1,} signature in the header.
     */
    static boolean verifies(String secret, Request r) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((r.webhookId() + "." + r.timestamp() + "." + new String(r.body(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            String expected = Base64.getEncoder().encodeToString(signed);
            for (String part : r.signature().split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        part.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
