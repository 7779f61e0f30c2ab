package nl.meldpunt.notification.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Gives committed feed rows their positions. Each pass is one transaction that first takes a
 * transaction-scoped advisory lock; an instance that does not get it leaves the work to the one
 * that has it. Because passes therefore never overlap and each continues from the highest
 * position committed before it, positions become visible strictly in order and without holes:
 * a reader that has seen position p has seen every position below p, and nothing will ever be
 * placed below it (docs/streams.md).
 *
 * <p>A consumer's commit on this instance wakes the sequencer at once; rows committed on other
 * instances are picked up by the poll, or at once when that instance's sequencer runs.
 */
@ApplicationScoped
public class Sequencer {

    private static final Logger LOG = Logger.getLogger(Sequencer.class);
    /** Two-int advisory-lock key: "MELD" as the outbox relay uses it, object 2 for the stream feed. */
    static final int LOCK_CLASS = 0x4d454c44;
    static final int LOCK_OBJECT = 2;
    static final String CHANNEL = "meldpunt_stream";
    private static final int BATCH = 1000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StreamConfig config;

    @Inject
    FeedTail tail;

    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread worker;

    void onStart(@Observes StartupEvent event) {
        running.set(true);
        worker = new Thread(this::run, "stream-sequencer");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running.set(false);
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** A feed row was committed on this instance. */
    public void wake() {
        wakeUps.release();
    }

    private void run() {
        while (running.get()) {
            try {
                wakeUps.tryAcquire(config.poll().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                int placed;
                do {
                    placed = placeCommitted();
                } while (placed == BATCH && running.get());
                if (placed < 0) {
                    // Another instance is placing; rows it could not see yet are ours to place next.
                    wakeUps.tryAcquire(25, TimeUnit.MILLISECONDS);
                    wakeUps.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (running.get()) {
                    LOG.warnf("stream sequencer: %s (retrying at the next poll)", e.getMessage());
                }
            }
        }
    }

    /**
     * One pass: places up to a batch of committed, unplaced rows in staging order.
     *
     * @return how many were placed; -1 when another instance holds the lock
     */
    public int placeCommitted() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    return -1;
                }
                int placed;
                // A new statement, so its snapshot contains every pass committed before this lock was granted.
                try (PreparedStatement ps = c.prepareStatement(
                        "WITH base AS (SELECT coalesce((SELECT max(position) FROM stream_feed), "
                                + "(SELECT purged_through FROM stream_feed_horizon)) AS b), "
                                + "next AS (SELECT entry, row_number() OVER (ORDER BY entry) AS n FROM stream_feed "
                                + "WHERE position IS NULL ORDER BY entry LIMIT ?) "
                                + "UPDATE stream_feed f SET position = base.b + next.n, positioned_at = now() "
                                + "FROM base, next WHERE f.entry = next.entry")) {
                    ps.setInt(1, BATCH);
                    placed = ps.executeUpdate();
                }
                if (placed > 0) {
                    try (Statement s = c.createStatement()) {
                        // Delivered at commit: wakes the feed tail of every instance.
                        s.execute("NOTIFY " + CHANNEL);
                    }
                }
                c.commit();
                if (placed > 0) {
                    tail.wake();
                }
                return placed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, LOCK_OBJECT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
