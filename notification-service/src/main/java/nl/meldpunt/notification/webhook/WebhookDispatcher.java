package nl.meldpunt.notification.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import nl.meldpunt.notification.config.WebhookConfig;
import nl.meldpunt.notification.domain.webhook.DeliveryOutcome;
import nl.meldpunt.notification.service.WebhookSender;

/**
 * The delivery workers of one instance: each claims a due message from {@link DeliveryQueue},
 * sends it with {@link WebhookSender} and records the outcome. Idle workers wait until the fan-out
 * of this instance wakes them or the poll interval passes (retries, and messages recorded by other
 * instances). On shutdown a worker finishes the attempt it is making; a claim it has not sent yet
 * is handed back.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    @Inject
    DeliveryQueue queue;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    nl.meldpunt.support.trace.Tracing tracing;

    private final Object signal = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private long wakeups;
    private volatile boolean stopping;

    void start(@Observes StartupEvent start) {
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(this::work, "webhook-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        LOG.infof("%d webhook workers started", config.workers());
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        stopping = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        long deadline = System.nanoTime() + config.timeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }

    /** New messages are committed: let an idle worker look at once. */
    public void wake() {
        synchronized (signal) {
            wakeups++;
            signal.notifyAll();
        }
    }

    private void work() {
        while (!stopping) {
            long seen;
            synchronized (signal) {
                seen = wakeups;
            }
            boolean worked;
            try {
                worked = deliverOne();
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warnf("webhook worker: %s; trying again after the poll interval", e.getMessage());
                worked = false;
            }
            if (!worked) {
                synchronized (signal) {
                    if (wakeups == seen && !stopping) {
                        try {
                            signal.wait(config.poll().toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Claims, sends and records one message; false when nothing was due. */
    boolean deliverOne() {
        Optional<DeliveryQueue.Claim> claimed = queue.claim();
        if (claimed.isEmpty()) {
            return false;
        }
        DeliveryQueue.Claim claim = claimed.get();
        if (claim.body() == null) {
            metrics.counter("meldpunt.webhooks.deliveries", "result", "SKIPPED").increment();
            return true;
        }
        if (stopping) {
            queue.release(claim);
            return false;
        }
        // The attempt is a span in the trace of the change that caused the event.
        DeliveryOutcome outcome = tracing.within("webhook " + claim.eventType(), io.opentelemetry.api.trace.SpanKind.CLIENT,
                claim.traceparent(), null, () -> sender.send(claim.url(), claim.secrets(), claim.messageId(),
                        java.time.Instant.now(), claim.body()));
        String state = queue.finish(claim, outcome);
        metrics.counter("meldpunt.webhooks.deliveries", "result", outcome.result().name()).increment();
        metrics.timer("meldpunt.webhooks.attempt.duration").record(outcome.duration());
        LOG.debugf("webhook %s attempt %d to subscription %s: %s -> %s", claim.messageId(), claim.attempt(),
                claim.subscriptionId(), outcome.result(), state);
        return true;
    }
}
