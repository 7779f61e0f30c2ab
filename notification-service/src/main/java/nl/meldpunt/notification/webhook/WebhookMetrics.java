package nl.meldpunt.notification.webhook;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Gauges of the webhook backlog: pending messages, the age of the oldest, and disabled
 * subscriptions. They are read from the database every few seconds (shared by every instance),
 * not per scrape, so a scrape never waits on a query. Deliveries by result are counted by
 * {@link WebhookDispatcher} as {@code meldpunt.webhooks.deliveries{result}}.
 */
@ApplicationScoped
public class WebhookMetrics {

    private record Snapshot(long pending, double oldestSeconds, long disabled) {
    }

    private final AtomicReference<Snapshot> last = new AtomicReference<>(new Snapshot(0, 0, 0));

    @Inject
    DeliveryQueue queue;

    @Inject
    EntityManager em;

    private volatile boolean stopping;

    void stop(@Observes io.quarkus.runtime.ShutdownEvent stop) {
        stopping = true;
    }

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("meldpunt.webhooks.pending", last, s -> s.get().pending())
                .description("Webhook messages waiting to be delivered").register(registry);
        Gauge.builder("meldpunt.webhooks.pending.oldest.seconds", last, s -> s.get().oldestSeconds())
                .description("Age of the oldest webhook message waiting").register(registry);
        Gauge.builder("meldpunt.webhooks.subscriptions.disabled", last, s -> s.get().disabled())
                .description("Subscriptions disabled after failing").register(registry);
        refresh();
    }

    @Scheduled(every = "${meldpunt.webhooks.metrics-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (stopping) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            DeliveryQueue.Backlog backlog = queue.backlog();
            long disabled = em.createQuery("select count(s) from StoredSubscription s where s.state = :state", Long.class)
                    .setParameter("state", StoredSubscription.State.DISABLED).getSingleResult();
            last.set(new Snapshot(backlog.pending(), backlog.oldestSeconds(), disabled));
        });
    }

    /** Keeps the delivery log bounded: finished messages and attempts older than {@code meldpunt.webhooks.keep} go. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        queue.purge();
    }

}
