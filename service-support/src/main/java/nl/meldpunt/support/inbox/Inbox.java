package nl.meldpunt.support.inbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;

/**
 * The idempotent inbox: records each consumed event id in the caller's transaction. If the
 * effect rolls back, so does the record, and a redelivery is processed again; if it commits,
 * every later redelivery, replay or rebalance is recognised and skipped.
 */
@ApplicationScoped
public class Inbox {

    private static final Object CLAIMED = new Object();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** What {@link #claim} learnt in this transaction: the events of the batch, and those seen for the first time. */
    private record Claimed(Set<UUID> batch, Set<UUID> first) {
    }

    /** True the first time this event id is seen; false for a duplicate, which must change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(IncomingEvent event) {
        Claimed claimed = (Claimed) transactions.getResource(CLAIMED);
        if (claimed != null && claimed.batch().contains(event.id())) {
            // Recorded with its batch: the first call for it in this transaction is the first delivery, a
            // second copy of the same event in the same poll is a duplicate.
            return claimed.first().remove(event.id());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO processed_event (event_id, event_type, source_topic) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, event.id());
            ps.setString(2, event.type().eventName());
            ps.setString(3, event.topic());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("inbox unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Records the events of a consumer batch in one statement, in the batch's transaction; each
     * {@link #firstDelivery} of them in the same transaction then answers from what this learnt.
     * A concurrent transaction recording the same event (a rebalance) waits for this one, as with
     * a single insert.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void claim(List<IncomingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Set<UUID> batch = new HashSet<>();
        Set<UUID> first = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO processed_event (event_id, event_type, source_topic) "
                        + "SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[]) ON CONFLICT DO NOTHING RETURNING event_id")) {
            UUID[] ids = new UUID[events.size()];
            String[] types = new String[events.size()];
            String[] topics = new String[events.size()];
            for (int i = 0; i < events.size(); i++) {
                IncomingEvent e = events.get(i);
                ids[i] = e.id();
                types[i] = e.type().eventName();
                topics[i] = e.topic();
                batch.add(e.id());
            }
            Array idArray = c.createArrayOf("uuid", ids);
            ps.setArray(1, idArray);
            ps.setArray(2, c.createArrayOf("text", types));
            ps.setArray(3, c.createArrayOf("text", topics));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    first.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inbox unavailable: " + e.getMessage(), e);
        }
        transactions.putResource(CLAIMED, new Claimed(batch, first));
    }
}
