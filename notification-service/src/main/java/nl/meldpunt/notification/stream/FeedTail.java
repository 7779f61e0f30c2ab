package nl.meldpunt.notification.stream;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows the feed on this instance: reads newly placed entries once, keeps the most recent ones
 * in memory, and wakes the streams. A NOTIFY from any instance's sequencer wakes it at once; a
 * poll is the fallback. Memory is bounded by {@link StreamConfig#recent()}: a stream further
 * behind reads its pages from the database instead.
 */
@ApplicationScoped
public class FeedTail {

    private static final Logger LOG = Logger.getLogger(FeedTail.class);
    private static final int PAGE = 500;

    @Inject
    StreamConfig config;

    @Inject
    nl.meldpunt.support.trace.Tracing tracing;

    @Inject
    FeedReading reading;

    @Inject
    StreamFeed feed;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private final ArrayDeque<LiveEntry> recent = new ArrayDeque<>();
    private final Set<StreamConnection> streams = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long head = -1;
    private Thread tailer;
    private Thread listener;

    void onStart(@Observes StartupEvent event) {
        running.set(true);
        tailer = new Thread(this::follow, "stream-feed-tail");
        tailer.setDaemon(true);
        tailer.start();
        listener = new Thread(this::listen, "stream-feed-listen");
        listener.setDaemon(true);
        listener.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running.set(false);
        for (StreamConnection s : streams) {
            s.end("shutdown", "this instance is stopping; resume from your last id");
        }
        if (tailer != null) {
            tailer.interrupt();
        }
        if (listener != null) {
            listener.interrupt();
        }
    }

    public void wake() {
        wakeUps.release();
    }

    void register(StreamConnection stream) {
        streams.add(stream);
    }

    void unregister(StreamConnection stream) {
        streams.remove(stream);
    }

    public int openStreams() {
        return streams.size();
    }

    Set<StreamConnection> streams() {
        return streams;
    }

    /**
     * The kept entries after {@code position}, at most {@code max}; null when entries after it are no
     * longer (or not yet) kept here, so the caller reads them from the database.
     */
    synchronized List<LiveEntry> after(long position, int max) {
        if (head < 0 || position > head) {
            return null;
        }
        if (position == head) {
            return List.of();
        }
        LiveEntry first = recent.peekFirst();
        if (first == null || first.position() > position + 1) {
            return null;
        }
        List<LiveEntry> out = new ArrayList<>(Math.min(max, recent.size()));
        for (LiveEntry e : recent) {
            if (e.position() > position) {
                out.add(e);
                if (out.size() == max) {
                    break;
                }
            }
        }
        return out;
    }

    /** The last position this instance has read. */
    public long head() {
        return head;
    }

    private void follow() {
        while (running.get()) {
            try {
                if (head < 0) {
                    head = feed.head();
                }
                List<LiveEntry> page;
                do {
                    page = reading.after(head, PAGE);
                    if (!page.isEmpty()) {
                        append(page);
                        streams.forEach(StreamConnection::schedule);
                    }
                } while (page.size() == PAGE && running.get());
                wakeUps.tryAcquire(config.poll().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("stream feed tail: %s (retrying)", e.getMessage());
                    sleepQuietly();
                }
            }
        }
    }

    private synchronized void append(List<LiveEntry> page) {
        for (LiveEntry e : page) {
            // The moment this instance puts the event on its streams, as a span in the trace of the change.
            tracing.start("stream " + e.entry().event().typeName(), io.opentelemetry.api.trace.SpanKind.PRODUCER,
                    e.entry().event().event().traceparent(), null).end();
            recent.addLast(e);
            if (recent.size() > config.recent()) {
                recent.removeFirst();
            }
        }
        head = page.get(page.size() - 1).position();
    }

    /** After retention removed entries, or a database was reset, forget what is kept. */
    synchronized void forget() {
        recent.clear();
        head = -1;
    }

    private void listen() {
        while (running.get()) {
            try (Connection c = open()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + Sequencer.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running.get()) {
                    // Waits up to a second, so a stopping instance lets go of its connection.
                    org.postgresql.PGNotification[] n = pg.getNotifications(1000);
                    if (n != null && n.length > 0) {
                        wakeUps.release();
                    }
                }
            } catch (SQLException e) {
                if (running.get()) {
                    LOG.debugf("stream feed listener: %s (reconnecting)", e.getMessage());
                    sleepQuietly();
                }
            }
        }
    }

    private Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", dbUser);
        props.setProperty("password", dbPassword);
        props.setProperty("ApplicationName", "stream-feed-listen");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
