package nl.meldpunt.notification.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import nl.meldpunt.notification.events.EventFilter;
import nl.meldpunt.reader.Reader;

/**
 * Opens, feeds and closes the streams of this instance, with their metrics:
 * {@code meldpunt.streams.open}, {@code meldpunt.streams.events.sent} and
 * {@code meldpunt.streams.closed.slow}.
 */
@ApplicationScoped
public class Streams {

    @Inject
    StreamConfig config;

    @Inject
    StreamFeed feed;

    @Inject
    FeedTail tail;

    @Inject
    FeedReading reading;

    @Inject
    MeterRegistry registry;

    @Inject
    Tickets tickets;

    private Counter sent;
    private Counter slow;
    private ExecutorService pumps;
    private ScheduledExecutorService ticks;

    @PostConstruct
    void start() {
        registry.gauge("meldpunt.streams.open", tail, FeedTail::openStreams);
        sent = Counter.builder("meldpunt.streams.events.sent").description("Events written to streams").register(registry);
        slow = Counter.builder("meldpunt.streams.closed.slow").description("Streams closed because the client read too slowly")
                .register(registry);
        AtomicInteger n = new AtomicInteger();
        // Pumps may read a page from the database while a stream catches up: a small pool, shared by all streams.
        pumps = Executors.newFixedThreadPool(4, r -> daemon(r, "stream-pump-" + n.incrementAndGet()));
        ticks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stream-ticks"));
        long every = config.heartbeat().toMillis();
        ticks.scheduleAtFixedRate(() -> tail.streams().forEach(StreamConnection::heartbeat), every, every, TimeUnit.MILLISECONDS);
        // Once a second: a full buffer may have outstayed its grace, a token may have expired.
        ticks.scheduleAtFixedRate(() -> tail.streams().forEach(StreamConnection::schedule), 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        ticks.shutdownNow();
        pumps.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Opens a stream. With {@code lastEventId} it continues after that position; from before the
     * retention horizon (or from a position this feed never had) it first sends {@code reset} and
     * continues live from the head.
     */
    public void open(StreamReader reader, EventFilter filter, Long lastEventId, SseEventSink sink, Sse sse) {
        long head = feed.head();
        long cursor = head;
        boolean reset = false;
        if (lastEventId != null) {
            long purged = feed.purgedThrough();
            if (lastEventId < purged || lastEventId > head) {
                reset = true;
            } else {
                cursor = lastEventId;
            }
        }
        StreamConnection stream = new StreamConnection(reader, filter, cursor, sink, sse, this,
                new SendWindow(config.buffer(), config.slowGrace()), pumps);
        if (reset) {
            String why = lastEventId > head ? "position " + lastEventId + " is not in this feed"
                    : "events after position " + lastEventId + " are past the retention of " + config.retention();
            stream.send(sse.newEventBuilder().name("reset").id(Long.toString(head)).mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data("{\"reason\":\"" + why + "\",\"position\":" + head
                            + ",\"detail\":\"reload GET /dashboard/summary and apply the stream from its position\"}")
                    .build());
        } else {
            // Sends the response headers at once, so the client knows the stream is open before the first event.
            stream.send(sse.newEventBuilder().comment("stream open after position " + cursor).build());
        }
        tail.register(stream);
        stream.schedule();
    }

    List<LiveEntry> after(long cursor, int max) {
        List<LiveEntry> kept = tail.after(cursor, max);
        return kept != null ? kept : reading.after(cursor, max);
    }

    Optional<String> render(LiveEntry entry, Reader reader) {
        return reading.render(entry, reader);
    }

    void sent() {
        sent.increment();
    }

    void closedForSlowness() {
        slow.increment();
    }

    void closed(StreamConnection stream) {
        tail.unregister(stream);
    }

    public int openStreams() {
        return tail.openStreams();
    }

    /** Removes events past retention; a resume from before them gets {@code reset}. */
    @Scheduled(every = "${meldpunt.streams.housekeeping}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void housekeeping() {
        purgeOlderThan(config.retention());
        tickets.removeExpired();
    }

    /** Removes the events placed longer ago than {@code retention}; returns how many. */
    public int purgeOlderThan(java.time.Duration retention) {
        int removed = feed.purgeOlderThan(retention);
        if (removed > 0) {
            tail.forget();
        }
        return removed;
    }
}
