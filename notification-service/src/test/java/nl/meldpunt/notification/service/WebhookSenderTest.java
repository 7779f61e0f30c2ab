package nl.meldpunt.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import nl.meldpunt.notification.domain.webhook.DeliveryOutcome;
import nl.meldpunt.notification.domain.webhook.DeliveryOutcome.Result;
import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy;
import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy.Network;

/**
 * The sender against a real HTTP receiver on 127.0.0.1: what goes over the wire, and how each
 * answer is classified.
 */
class WebhookSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");
    private static final Instant SENT_AT = Instant.parse("2026-11-30T03:59:58Z");
    private static final String SECRET = secret(1);
    private static final String OLD_SECRET = secret(2);
    private static final String MESSAGE_ID = "msg_2fQ7cY3kPzq8yq1m";
    private static final byte[] EVENT = """
            {"specversion":"1.0","id":"7c1f","source":"/meldpunt/notification-service","type":"obligation.opened",\
            "datacontenttype":"application/json","data":{"state":"PENDING"}}""".getBytes(StandardCharsets.UTF_8);

    /** One request as the receiver saw it. */
    record Received(String path, String method, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseHangingHandler = new CountDownLatch(1);
    private ExecutorService handlers;
    private HttpServer receiver;
    private String base;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        handlers = Executors.newCachedThreadPool();
        receiver.setExecutor(handlers);
        receiver.createContext("/", this::handle);
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() throws InterruptedException {
        releaseHangingHandler.countDown();
        receiver.stop(0);
        handlers.shutdown();
        handlers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(path, exchange.getRequestMethod(), exchange.getRequestHeaders(), body));
        switch (path) {
            case "/ok" -> answer(exchange, 200, "thanks");
            case "/fail" -> answer(exchange, 500, "database down");
            case "/redirect" -> {
                exchange.getResponseHeaders().add("Location", base + "/target");
                answer(exchange, 302, "");
            }
            case "/gone" -> answer(exchange, 410, "unsubscribed");
            case "/busy" -> {
                exchange.getResponseHeaders().add("Retry-After", "7");
                answer(exchange, 429, "slow down");
            }
            case "/unavailable" -> {
                exchange.getResponseHeaders().add("Retry-After",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atOffset(ZoneOffset.UTC)));
                answer(exchange, 503, "maintenance");
            }
            case "/hang" -> {
                try {
                    releaseHangingHandler.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 200, "too late");
            }
            case "/long" -> answer(exchange, 200, "a".repeat(1000) + "b".repeat(24) + "c".repeat(100_000));
            default -> answer(exchange, 200, "target reached");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The sender stops reading after the first KiB; the rest of a long answer has nowhere to go.
        }
    }

    private static WebhookSender sender(Network network, Duration timeout) {
        return new WebhookSender(timeout, new WebhookUrlPolicy(network, WebhookUrlPolicy.Resolver.SYSTEM),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private DeliveryOutcome send(String path) {
        return sender(Network.LOOPBACK_ALLOWED, Duration.ofSeconds(10)).send(base + path, List.of(SECRET), MESSAGE_ID,
                SENT_AT, EVENT);
    }

    @Test
    void aTwoHundredIsDeliveredAndTheReceiverCanVerifyTheSignatureOnItsOwn() {
        DeliveryOutcome outcome = send("/ok");

        assertEquals(Result.DELIVERED, outcome.result());
        assertEquals(OptionalInt.of(200), outcome.status());
        assertEquals("thanks", outcome.responseBody());
        assertEquals(1, received.size());
        Received r = received.get(0);
        assertEquals("POST", r.method());
        assertEquals(new String(EVENT, StandardCharsets.UTF_8), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(MESSAGE_ID, r.header("webhook-id"));
        assertEquals(Long.toString(SENT_AT.getEpochSecond()), r.header("webhook-timestamp"));
        assertEquals("v1," + hmac(SECRET, MESSAGE_ID + "." + SENT_AT.getEpochSecond() + ".", r.body()),
                r.header("webhook-signature"));
        assertEquals("application/cloudevents+json", r.header("content-type"));
        assertTrue(r.header("user-agent").startsWith("Meldpunt"), r.header("user-agent"));
    }

    @Test
    void duringARotationTheMessageCarriesASignatureByEachSecret() {
        DeliveryOutcome outcome = sender(Network.LOOPBACK_ALLOWED, Duration.ofSeconds(10))
                .send(base + "/ok", List.of(SECRET, OLD_SECRET), MESSAGE_ID, SENT_AT, EVENT);

        assertEquals(Result.DELIVERED, outcome.result());
        String signed = MESSAGE_ID + "." + SENT_AT.getEpochSecond() + ".";
        assertEquals("v1," + hmac(SECRET, signed, EVENT) + " v1," + hmac(OLD_SECRET, signed, EVENT),
                received.get(0).header("webhook-signature"));
    }

    @Test
    void aServerErrorIsRetried() {
        DeliveryOutcome outcome = send("/fail");

        assertEquals(Result.RETRY, outcome.result());
        assertEquals(OptionalInt.of(500), outcome.status());
        assertEquals("HTTP 500", outcome.error());
        assertEquals("database down", outcome.responseBody());
    }

    @Test
    void aRedirectIsRetriedAndItsTargetIsNeverCalled() {
        DeliveryOutcome outcome = send("/redirect");

        assertEquals(Result.RETRY, outcome.result());
        assertEquals(OptionalInt.of(302), outcome.status());
        assertEquals("HTTP 302: redirect to " + base + "/target not followed", outcome.error());
        assertEquals(List.of("/redirect"), received.stream().map(Received::path).toList());
    }

    @Test
    void goneDisablesTheSubscription() {
        DeliveryOutcome outcome = send("/gone");

        assertEquals(Result.GONE, outcome.result());
        assertEquals(OptionalInt.of(410), outcome.status());
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheSecondsTheReceiverAsks() {
        DeliveryOutcome outcome = send("/busy");

        assertEquals(Result.RETRY, outcome.result());
        assertEquals(OptionalInt.of(429), outcome.status());
        assertEquals(Optional.of(Duration.ofSeconds(7)), outcome.retryAfter());
    }

    @Test
    void serviceUnavailableIsRetriedAtTheHttpDateTheReceiverNames() {
        DeliveryOutcome outcome = send("/unavailable");

        assertEquals(Result.RETRY, outcome.result());
        assertEquals(OptionalInt.of(503), outcome.status());
        assertEquals(Optional.of(Duration.ofSeconds(90)), outcome.retryAfter());
    }

    @Test
    void aReceiverThatDoesNotAnswerWithinTheTimeoutIsRetried() {
        Duration timeout = Duration.ofMillis(500);

        DeliveryOutcome outcome = sender(Network.LOOPBACK_ALLOWED, timeout).send(base + "/hang", List.of(SECRET),
                MESSAGE_ID, SENT_AT, EVENT);

        assertEquals(Result.RETRY, outcome.result());
        assertEquals(OptionalInt.empty(), outcome.status());
        assertEquals("timed out after 500 ms", outcome.error());
        assertTrue(outcome.duration().compareTo(timeout) >= 0, "took " + outcome.duration());
        assertTrue(outcome.duration().compareTo(Duration.ofSeconds(5)) < 0, "took " + outcome.duration());
        assertEquals(List.of("/hang"), received.stream().map(Received::path).toList());
    }

    @Test
    void aReceiverThatCannotBeReachedIsRetried() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }

        DeliveryOutcome outcome = sender(Network.LOOPBACK_ALLOWED, Duration.ofSeconds(5))
                .send("http://127.0.0.1:" + closedPort + "/ok", List.of(SECRET), MESSAGE_ID, SENT_AT, EVENT);

        assertEquals(Result.RETRY, outcome.result());
        assertEquals(OptionalInt.empty(), outcome.status());
        assertTrue(outcome.error().startsWith("connection failed"), outcome.error());
    }

    @Test
    void aLoopbackReceiverIsRefusedInProductionWithoutAnyRequest() {
        String loopback = "https://127.0.0.1:" + receiver.getAddress().getPort() + "/ok";

        DeliveryOutcome outcome = sender(Network.PUBLIC_ONLY, Duration.ofSeconds(5)).send(loopback, List.of(SECRET),
                MESSAGE_ID, SENT_AT, EVENT);

        assertEquals(Result.REFUSED, outcome.result());
        assertEquals("URL refused: resolves to 127.0.0.1, a loopback address", outcome.error());
        assertEquals(OptionalInt.empty(), outcome.status());
        assertEquals(List.of(), received);
    }

    @Test
    void aNameThatResolvesToARefusedAddressAfterTheAttemptIsRefusedAndItsAnswerDiscarded() throws IOException {
        // The first check sees loopback (allowed here); the check after the attempt sees the metadata address,
        // as a rebinding name would answer. The request itself has gone out: that is the approach's limit.
        AtomicInteger lookups = new AtomicInteger();
        List<InetAddress> first = List.of(InetAddress.getByName("127.0.0.1"));
        List<InetAddress> later = List.of(InetAddress.getByName("169.254.169.254"));
        WebhookUrlPolicy rebinding = new WebhookUrlPolicy(Network.LOOPBACK_ALLOWED,
                host -> lookups.getAndIncrement() == 0 ? first : later);

        DeliveryOutcome outcome = new WebhookSender(Duration.ofSeconds(5), rebinding, Clock.fixed(NOW, ZoneOffset.UTC))
                .send(base + "/ok", List.of(SECRET), MESSAGE_ID, SENT_AT, EVENT);

        assertEquals(Result.REFUSED, outcome.result());
        assertTrue(outcome.error().contains("after the attempt") && outcome.error().contains("metadata"), outcome.error());
        assertEquals(OptionalInt.empty(), outcome.status());
        assertEquals("", outcome.responseBody());
        assertEquals(2, lookups.get());
        assertEquals(1, received.size());
    }

    @Test
    void onlyTheFirstKibOfALongAnswerIsKept() {
        DeliveryOutcome outcome = send("/long");

        assertEquals(Result.DELIVERED, outcome.result());
        assertEquals("a".repeat(1000) + "b".repeat(24), outcome.responseBody());
    }

    /** HMAC-SHA256 computed here, independently of WebhookSignature, as a receiver would. */
    private static String hmac(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
