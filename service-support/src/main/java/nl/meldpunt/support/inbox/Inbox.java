package nl.meldpunt.support.inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;

/**
 * The idempotent inbox: records each consumed event id in the caller's transaction. If the
 * effect rolls back, so does the record, and a redelivery is processed again; if it commits,
 * every later redelivery, replay or rebalance is recognised and skipped.
 */
@ApplicationScoped
public class Inbox {

    @Inject
    AgroalDataSource dataSource;

    /** True the first time this event id is seen; false for a duplicate, which must change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(IncomingEvent event) {
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

}
