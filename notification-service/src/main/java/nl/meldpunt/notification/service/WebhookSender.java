package nl.meldpunt.notification.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.meldpunt.notification.config.WebhookConfig;
import nl.meldpunt.notification.domain.webhook.DeliveryOutcome;
import nl.meldpunt.notification.domain.webhook.WebhookSignature;
import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy;

/**
 * Sends one webhook message as Standard Webhooks 1.0: a POST of the CloudEvent in structured
 * JSON with {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}, and
 * classifies the answer as a {@link DeliveryOutcome}. It makes exactly one attempt; the delivery
 * worker (not built yet) decides about retries, disabling and the delivery log.
 *
 * <p>Redirects are never followed, and one attempt (connecting, the answer's headers and the
 * first KiB of its body) is bounded by {@code meldpunt.webhooks.timeout}.
 *
 * <h2>DNS rebinding: what this does, and what it does not</h2>
 * The JDK's {@link HttpClient} resolves the host itself and on Java 17 offers no hook to choose
 * the address it connects to (the {@code InetAddressResolverProvider} SPI exists only from
 * Java 18 and replaces the resolver of the whole JVM). Connecting to a checked IP literal instead
 * would lose the {@code Host} header (the client refuses to set it) and the TLS name check. So:
 * <ol>
 * <li>The URL is checked with {@link WebhookUrlPolicy} immediately before the request: every
 * address the host resolves to must be allowed. The policy resolves through
 * {@link java.net.InetAddress}, whose positive cache ({@code networkaddress.cache.ttl}, 30 s by
 * default, regardless of the DNS record's TTL) normally gives the client's own lookup a moment
 * later the same, checked, answer.</li>
 * <li>The URL is checked again after the attempt. If the host now resolves to a refused address,
 * the outcome is {@link DeliveryOutcome.Result#REFUSED} and the receiver's status and body are
 * discarded, so that an internal service's answer never reaches the delivery log.</li>
 * </ol>
 * Limits, plainly: this narrows the rebinding window, it does not close it. If the cache entry
 * expires between the check and the client's lookup (or caching is switched off), the client
 * resolves afresh and may connect to an address that was never checked; the check afterwards
 * then notices only if the name still resolves to a refused address, and by then the request
 * has been sent. A closed guarantee needs a client that connects to a given, checked address
 * while keeping the name for {@code Host}, SNI and certificate checks (for example Vert.x's
 * {@code RequestOptions.setServer}), a JVM-wide resolver on Java 18+, or an egress proxy or
 * firewall that refuses private destinations; production deployments should have the last anyway.
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "Meldpunt-Webhooks/1.0";
    private static final String CONTENT_TYPE = "application/cloudevents+json";

    private final Duration timeout;
    private final WebhookUrlPolicy policy;
    private final Clock clock;
    private final HttpClient client;

    @Inject
    public WebhookSender(WebhookConfig config) {
        this(config.timeout(), new WebhookUrlPolicy(config.network(), WebhookUrlPolicy.Resolver.SYSTEM), Clock.systemUTC());
    }

    public WebhookSender(Duration timeout, WebhookUrlPolicy policy, Clock clock) {
        this.timeout = timeout;
        this.policy = policy;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                // One POST per message gains nothing from HTTP/2, and plain http (dev, test) would try an h2c upgrade.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * One attempt to deliver {@code body} to {@code url}.
     *
     * @param secrets   the subscription's secrets, the current one first (two during a rotation)
     * @param messageId the {@code webhook-id}: unique per message, the same on every retry
     * @param timestamp the {@code webhook-timestamp} of this attempt
     * @param body      the CloudEvent, structured JSON, already filtered for the subscriber
     */
    public DeliveryOutcome send(String url, List<String> secrets, String messageId, Instant timestamp, byte[] body) {
        long started = System.nanoTime();
        WebhookUrlPolicy.Verdict before = policy.check(url);
        if (!before.allowed()) {
            return DeliveryOutcome.refused(since(started), "URL refused: " + before.reason());
        }
        long seconds = timestamp.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(seconds))
                .header("webhook-signature", WebhookSignature.sign(secrets, messageId, seconds, body))
                .header("content-type", CONTENT_TYPE)
                .header("user-agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        DeliveryOutcome outcome = attempt(request, started);
        WebhookUrlPolicy.Verdict after = policy.check(url);
        if (!after.allowed()) {
            return DeliveryOutcome.refused(since(started),
                    "URL refused after the attempt (the name resolved differently, DNS rebinding?): " + after.reason());
        }
        return outcome;
    }

    private DeliveryOutcome attempt(HttpRequest request, long started) {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> new FirstBytes());
        try {
            // The request timeout covers the answer's headers; this bounds the whole attempt, body included.
            HttpResponse<byte[]> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return DeliveryOutcome.classify(response.statusCode(), response.headers().map(), since(started),
                    response.body(), clock.instant());
        } catch (TimeoutException e) {
            future.cancel(true);
            return DeliveryOutcome.failed(since(started), "timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failed(since(started), "interrupted while sending");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                return DeliveryOutcome.failed(since(started), "connection timed out after " + timeout.toMillis() + " ms");
            }
            if (cause instanceof HttpTimeoutException) {
                return DeliveryOutcome.failed(since(started), "timed out after " + timeout.toMillis() + " ms");
            }
            if (cause instanceof IOException) {
                return DeliveryOutcome.failed(since(started), "connection failed: " + describe(cause));
            }
            return DeliveryOutcome.failed(since(started), "sending failed: " + describe(cause));
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Keeps the first KiB of the answer and then stops reading: a receiver cannot make Meldpunt download a large body. */
    static final class FirstBytes implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteBuffer kept = ByteBuffer.allocate(DeliveryOutcome.BODY_LIMIT);
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int n = Math.min(item.remaining(), kept.remaining());
                kept.put(item.slice().limit(n));
            }
            if (!kept.hasRemaining()) {
                subscription.cancel();
                complete();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            byte[] bytes = new byte[kept.position()];
            kept.duplicate().flip().get(bytes);
            result.complete(bytes);
        }
    }
}
