package nl.meldpunt.notification.stream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;

import nl.meldpunt.notification.events.EventFilter;

/**
 * One open stream. It pulls from the feed after its cursor (from this instance's recent entries, or
 * from the database while it is further behind), so catching up and going live are one loop and
 * no event can fall between them. At most one thread runs its loop at a time.
 */
public final class StreamConnection {

    private static final Logger LOG = Logger.getLogger(StreamConnection.class);
    private static final int STEP = 64;

    private final StreamReader reader;
    private final EventFilter filter;
    private final SseEventSink sink;
    private final Sse sse;
    private final Streams streams;
    private final SendWindow window;
    private final Executor executor;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean heartbeatDue;
    private volatile String endReason;
    private volatile String endDetail;
    private long cursor;

    StreamConnection(StreamReader reader, EventFilter filter, long cursor, SseEventSink sink, Sse sse, Streams streams,
            SendWindow window, Executor executor) {
        this.reader = reader;
        this.filter = filter;
        this.cursor = cursor;
        this.sink = sink;
        this.sse = sse;
        this.streams = streams;
        this.window = window;
        this.executor = executor;
    }

    /** Runs the loop now, or once more after the run in progress. */
    void schedule() {
        if (wip.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    void heartbeat() {
        heartbeatDue = true;
        schedule();
    }

    /** Ends the stream with a last {@code end} message naming the reason. */
    void end(String reason, String detail) {
        endReason = reason;
        endDetail = detail;
        schedule();
    }

    boolean isClosed() {
        return closed.get();
    }

    private void drain() {
        int missed = 1;
        while (true) {
            try {
                step();
            } catch (RuntimeException e) {
                LOG.warnf("stream of %s: %s", reader.subject(), e.toString());
                close("error", "the stream failed; resume from your last id");
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void step() {
        if (closed.get()) {
            return;
        }
        if (sink.isClosed()) {
            closeQuietly();
            return;
        }
        Instant now = Instant.now();
        if (endReason != null) {
            close(endReason, endDetail);
            return;
        }
        if (!now.isBefore(reader.endsAt())) {
            close("token-expired", "the token of this stream expired; sign in again and resume from your last id");
            return;
        }
        if (window.tooSlow(now)) {
            streams.closedForSlowness();
            close("slow-consumer", "the client did not read for too long; resume from your last id");
            return;
        }
        if (heartbeatDue && window.hasRoom()) {
            heartbeatDue = false;
            send(sse.newEventBuilder().comment("heartbeat").build());
        }
        while (window.hasRoom() && !closed.get()) {
            List<LiveEntry> page = streams.after(cursor, STEP);
            if (page.isEmpty()) {
                return;
            }
            for (LiveEntry e : page) {
                cursor = e.position();
                if (filter.matches(e.entry().event(), e.facts())) {
                    Optional<String> data = streams.render(e, reader.reader());
                    if (data.isPresent()) {
                        send(sse.newEventBuilder().id(Long.toString(e.position())).name(e.entry().event().typeName())
                                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(data.get()).build());
                        streams.sent();
                    }
                }
                if (!window.hasRoom()) {
                    return;
                }
            }
        }
    }

    void send(OutboundSseEvent event) {
        window.written(Instant.now());
        sink.send(event).whenComplete((ok, failure) -> {
            window.taken();
            if (failure != null) {
                closeQuietly();
            } else {
                schedule();
            }
        });
    }

    private void close(String reason, String detail) {
        if (closed.get()) {
            return;
        }
        try {
            // Queued behind what was written before; the response ends after it. A client too slow to
            // take it still gets its connection closed and resumes from the last id it did take.
            sink.send(sse.newEventBuilder().name("end").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data("{\"reason\":\"" + reason + "\",\"detail\":\"" + detail + "\"}").build());
        } catch (RuntimeException e) {
            LOG.debugf("ending a stream: %s", e.getMessage());
        }
        closeQuietly();
    }

    private void closeQuietly() {
        if (closed.compareAndSet(false, true)) {
            streams.closed(this);
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing a stream: %s", e.getMessage());
            }
        }
    }
}
