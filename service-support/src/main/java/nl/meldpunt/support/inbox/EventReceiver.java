package nl.meldpunt.support.inbox;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.opentelemetry.api.trace.SpanKind;
import nl.meldpunt.support.trace.Tracing;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.support.inbox.IncomingEvent.PoisonEvent;

/**
 * The one shape of every Meldpunt consumer. The consumer method carries {@code @Incoming},
 * {@code @Blocking} and {@code @Retry}, and hands each record to {@link #receive}, which:
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
            Optional<IncomingEvent> event = IncomingEvent.from(record);
            if (event.isEmpty()) {
                skipped(record, topic);
                return;
            }
            if (event.get().type().topic() != topic) {
                throw new PoisonEvent(event.get().type().ceType() + " does not belong on " + topic.topicName());
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
