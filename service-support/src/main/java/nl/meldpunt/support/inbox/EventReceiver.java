package nl.meldpunt.support.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.opentelemetry.api.trace.SpanKind;
import nl.meldpunt.support.trace.Tracing;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.support.inbox.IncomingEvent.PoisonEvent;

/**
 * The one shape of every Meldpunt consumer. A consumer of batches (channel attribute
 * {@code batch=true}) hands each poll to {@link #receiveBatch}, which applies it in one
 * transaction and gives every record the outcome below on its own. A consumer of single records
 * carries {@code @Incoming}, {@code @Blocking} and {@code @Retry}, and hands each record to
 * {@link #receive}, which:
 * <ul>
 * <li>skips and counts an event type it does not know, so the offset is committed and nothing is
 * dead-lettered (the contract evolves additively: a {@code .v2} may appear before a consumer reads it);</li>
 * <li>throws {@link PoisonEvent} for a record that can never succeed (not a CloudEvent, wrong topic);
 * the retry aborts on it and the failure strategy parks it on the group's dead-letter topic;</li>
 * <li>lets any other failure through, so {@code @Retry} pauses and tries again, each attempt in a fresh
 * transaction (the service's {@code apply} is {@code @Transactional});</li>
 * <li>once the service is stopping, turns every failure into {@link ServiceStopping}, which
 * {@link DeadLetterUnlessStopping} never dead-letters and never acknowledges: the record stays
 * uncommitted and is delivered again after the restart.</li>
 * </ul>
 */
@ApplicationScoped
public class EventReceiver {

    private static final Logger LOG = Logger.getLogger(EventReceiver.class);
    /** How long the shutdown waits for the records being applied to finish before persistence closes. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern MELDPUNT_TYPE = Pattern.compile("nl\\.meldpunt\\.[a-z0-9.-]{1,80}");

    @Inject
    MeterRegistry registry;

    @Inject
    Tracing tracing;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ConsumerBatch batch;

    @Inject
    Inbox inbox;

    /**
     * How long a batch is retried after passing failures before each record is tried alone. Well
     * under the connector's limit for an unacknowledged record (60 s, {@code throttled.unprocessed-record-max-age.ms}),
     * past which it fails the whole channel.
     */
    @ConfigProperty(name = "meldpunt.consumer.retry.max-duration", defaultValue = "30s")
    Duration retryBudget;

    @ConfigProperty(name = "meldpunt.consumer.retry.delay", defaultValue = "250ms")
    Duration retryDelay;

    @ConfigProperty(name = "meldpunt.consumer.retry.max-delay", defaultValue = "8s")
    Duration retryMaxDelay;

    private static String header(ConsumerRecord<String, String> record, String name) {
        org.apache.kafka.common.header.Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Reads the record and applies it with {@code apply}, unless its type is unknown.
     *
     * @param topic the topic this consumer follows; an event of another topic is poison
     */
    public void receive(ConsumerRecord<String, String> record, Topic topic, Consumer<IncomingEvent> apply) {
        // Counted before the check, so the shutdown either sees this record in flight or this record sees the shutdown.
        inFlight.incrementAndGet();
        try {
            if (stopping.get()) {
                throw new ServiceStopping(null);
            }
            Optional<IncomingEvent> event = read(record, topic);
            if (event.isEmpty()) {
                return;
            }
            // The consumer continues the trace the record carries: the relay's span, or else the change's own.
            String parent = header(record, "traceparent");
            tracing.within("process " + event.get().type().ceType(), SpanKind.CONSUMER,
                    parent != null ? parent : event.get().traceparent(), header(record, "tracestate"), () -> {
                        apply.accept(event.get());
                        return null;
                    });
        } catch (PoisonEvent | ServiceStopping e) {
            throw e;
        } catch (RuntimeException e) {
            if (stopping.get()) {
                throw new ServiceStopping(e);
            }
            Counter.builder("meldpunt.consumer.failed.attempts")
                    .description("Attempts to apply an event that failed with a passing error and will be retried")
                    .tag("topic", topic.topicName()).register(registry).increment();
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Applies a batch of records from one poll in one transaction, in the order of the partitions,
     * so a burst of events costs one commit (one fsync) instead of one per event. The inbox records
     * the batch's events in one statement ({@link Inbox#claim}), and the rows the events cause are
     * written together at the end ({@link ConsumerBatch}). The outcome for each record is the one
     * {@link #receive} gives it alone:
     * <ul>
     * <li>an unknown type is skipped and counted;</li>
     * <li>poison (not a CloudEvent, the wrong topic, data {@code prepare} cannot read, or a
     * {@link PoisonEvent} thrown while applying) is parked alone on the channel's dead-letter
     * topic ({@link DeadLetters}), and the batch is applied without it;</li>
     * <li>a passing failure rolls the whole batch back and it is retried in a fresh transaction,
     * with exponential back-off, for {@code meldpunt.consumer.retry.max-duration} (30 s); after that each
     * record is tried once alone, and the one that still fails is parked, so one stubborn record
     * cannot take its neighbours to the dead-letter topic;</li>
     * <li>once the service is stopping, {@link ServiceStopping} is thrown: the batch is neither
     * acknowledged nor parked, and is consumed again after the restart.</li>
     * </ul>
     * The inbox still dedupes each event, so a batch redelivered after a crash changes nothing it
     * already changed. The method returns only when every record is applied, skipped or parked;
     * the connector then acknowledges the batch.
     *
     * @param channel the channel (its dead-letter topic is configured under its name)
     * @param prepare reads an event's data (throwing {@link PoisonEvent} if it cannot) and returns
     *                the work that applies it, which runs inside the batch's transaction
     */
    public void receiveBatch(String channel, Iterable<ConsumerRecord<String, String>> records, Topic topic,
            Function<IncomingEvent, Runnable> prepare) {
        inFlight.incrementAndGet();
        try {
            if (stopping.get()) {
                throw new ServiceStopping(null);
            }
            String deadLetterTopic = DeadLetters.topicOf(channel);
            List<Prepared> ready = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                try {
                    Optional<IncomingEvent> event = read(record, topic);
                    if (event.isEmpty()) {
                        continue;
                    }
                    ready.add(new Prepared(record, event.get(), prepare.apply(event.get())));
                } catch (PoisonEvent e) {
                    deadLetters.park(record, deadLetterTopic, e);
                }
            }
            batchSize(topic).record(ready.size());
            applyAll(ready, topic, deadLetterTopic);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private record Prepared(ConsumerRecord<String, String> record, IncomingEvent event, Runnable apply) {
    }

    /** A poison record found while applying a batch: the batch rolls back and goes on without it. */
    private static final class PoisonInBatch extends RuntimeException {
        final Prepared prepared;

        PoisonInBatch(Prepared prepared, PoisonEvent cause) {
            super(cause.getMessage(), cause);
            this.prepared = prepared;
        }
    }

    private void applyAll(List<Prepared> ready, Topic topic, String deadLetterTopic) {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        Duration delay = retryDelay;
        while (!ready.isEmpty()) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    // The inbox records the whole poll in one statement, and the rows the events cause are
                    // gathered and written together before the commit (ConsumerBatch).
                    batch.open();
                    inbox.claim(ready.stream().map(Prepared::event).toList());
                    ready.forEach(p -> applyTraced(p, true));
                    batch.close();
                });
                return;
            } catch (RuntimeException e) {
                PoisonInBatch poison = poisonIn(e);
                if (poison != null) {
                    ready.remove(poison.prepared);
                    deadLetters.park(poison.prepared.record(), deadLetterTopic, poison.getCause());
                    continue;
                }
                failedAttempt(topic, e);
                if (System.nanoTime() - deadline > 0) {
                    LOG.warnf("a batch of %d event(s) on %s still fails after %s (%s): trying each alone", ready.size(),
                            topic.topicName(), retryBudget, e.getMessage());
                    applyEachAlone(ready, topic, deadLetterTopic);
                    return;
                }
                pause(delay);
                delay = delay.multipliedBy(2).compareTo(retryMaxDelay) > 0 ? retryMaxDelay : delay.multipliedBy(2);
            }
        }
    }

    private void applyEachAlone(List<Prepared> ready, Topic topic, String deadLetterTopic) {
        for (Prepared p : ready) {
            try {
                QuarkusTransaction.requiringNew().run(() -> applyTraced(p, false));
            } catch (RuntimeException e) {
                PoisonInBatch poison = poisonIn(e);
                if (poison == null) {
                    failedAttempt(topic, e);
                }
                deadLetters.park(p.record(), deadLetterTopic, poison != null ? poison.getCause() : e);
            }
        }
    }

    private void applyTraced(Prepared p, boolean inBatch) {
        // The consumer continues the trace the record carries: the relay's span, or else the change's own.
        String parent = header(p.record(), "traceparent");
        try {
            tracing.within("process " + p.event().type().ceType(), SpanKind.CONSUMER,
                    parent != null ? parent : p.event().traceparent(), header(p.record(), "tracestate"), () -> {
                        p.apply().run();
                        return null;
                    });
        } catch (PoisonEvent e) {
            throw new PoisonInBatch(p, e);
        }
    }

    private static PoisonInBatch poisonIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PoisonInBatch p) {
                return p;
            }
        }
        return null;
    }

    /** Counts a failed attempt; once the service is stopping, every failure becomes {@link ServiceStopping}. */
    private void failedAttempt(Topic topic, RuntimeException e) {
        if (stopping.get()) {
            throw new ServiceStopping(e);
        }
        Counter.builder("meldpunt.consumer.failed.attempts")
                .description("Attempts to apply an event that failed with a passing error and will be retried")
                .tag("topic", topic.topicName()).register(registry).increment();
    }

    private void pause(Duration delay) {
        // Jitter of up to 40 %, so instances that failed together do not retry together.
        long millis = delay.toMillis() + ThreadLocalRandom.current().nextLong(Math.max(1, delay.toMillis() * 2 / 5));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStopping(e);
        }
        if (stopping.get()) {
            throw new ServiceStopping(null);
        }
    }

    private DistributionSummary batchSize(Topic topic) {
        return DistributionSummary.builder("meldpunt.consumer.batch.events")
                .description("Events applied together in one transaction")
                .tag("topic", topic.topicName()).register(registry);
    }

    /**
     * The record as an event of {@code topic}; empty (skipped and counted) when this build does not
     * know its type; {@link PoisonEvent} when it is no Meldpunt event or belongs on another topic.
     */
    private Optional<IncomingEvent> read(ConsumerRecord<String, String> record, Topic topic) {
        Optional<IncomingEvent> event = IncomingEvent.from(record);
        if (event.isEmpty()) {
            skipped(record, topic);
            return event;
        }
        if (event.get().type().topic() != topic) {
            throw new PoisonEvent(event.get().type().ceType() + " does not belong on " + topic.topicName());
        }
        return event;
    }

    /** Whether the service has begun to stop: from then on no record is applied, acknowledged or dead-lettered. */
    public boolean stopping() {
        return stopping.get();
    }

    /**
     * Quarkus fires {@code ShutdownEvent} before it closes Hibernate ORM and the datasource, but
     * stops the Kafka connector only after them. So consumption stops here, first of all, and the
     * records being applied get the time to commit; what arrives later is left for redelivery.
     */
    void stopConsuming(@Observes @Priority(1) ShutdownEvent event) {
        stopping.set(true);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warnf("stopping with %d event(s) still being applied; they roll back and are redelivered after restart",
                    inFlight.get());
        } else {
            LOG.info("stopped consuming: every event being applied has finished; the rest is redelivered after restart");
        }
    }

    private void skipped(ConsumerRecord<String, String> record, Topic topic) {
        String type = IncomingEvent.ceType(record);
        // The tag keeps Meldpunt type names only, so a stray producer cannot blow up the number of series.
        String tag = MELDPUNT_TYPE.matcher(type).matches() ? type : "other";
        Counter.builder("meldpunt.consumer.skipped")
                .description("Events of a type this consumer does not know, skipped and committed (additive evolution)")
                .tag("topic", topic.topicName()).tag("type", tag).register(registry).increment();
        LOG.infof("skipping %s on %s partition %d offset %d: this build does not know the type", type, record.topic(),
                record.partition(), record.offset());
    }

    /** A record that failed, or was not tried, because the service is stopping: it is redelivered after restart. */
    public static class ServiceStopping extends RuntimeException {
        public ServiceStopping(Throwable cause) {
            super("the service is stopping; the record stays uncommitted and is redelivered after restart", cause);
        }
    }
}
