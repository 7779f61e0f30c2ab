package nl.meldpunt.notification.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;
import nl.meldpunt.notification.events.CaseEvent;
import nl.meldpunt.notification.events.CaseEvents;
import nl.meldpunt.notification.events.CaseFacts;
import nl.meldpunt.notification.events.CaseFactsLookup;

/**
 * Records one webhook message per matching subscription for every kept case event, in the consumer's
 * transaction: the messages commit with the event's inbox record, so a crash loses none and a
 * redelivered event adds none. A subscription gets the event only if its filter matches and the
 * reader rule lets its owner see the case; the data itself is filtered when the message is sent.
 * Paused and disabled subscriptions get their messages too: resuming one delivers what it missed, in order.
 */
@ApplicationScoped
public class WebhookFanOut {

    private final Clock wallClock = Clock.systemUTC();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Subscriptions subscriptions;

    @Inject
    CaseFactsLookup lookup;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    TransactionSynchronizationRegistry transactions;

    void on(@Observes CaseEvents kept) {
        List<SubscriptionTarget> targets = subscriptions.targets();
        if (targets.isEmpty()) {
            return;
        }
        // The facts of each incident as they stand once the events are applied; the reader rule is
        // applied again when each message is sent.
        Map<UUID, CaseFacts> facts = new HashMap<>();
        Instant now = wallClock.instant();
        int queued = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO webhook_message (subscription_id, event_id, incident_id, event_type, message_id, state, "
                        + "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT DO NOTHING")) {
            for (CaseEvent event : kept.events()) {
                CaseFacts f = facts.computeIfAbsent(event.incidentId(), lookup::facts);
                for (SubscriptionTarget target : targets) {
                    if (!target.filter().matches(event, f) || f.sight(target.reader()).hidden()) {
                        continue;
                    }
                    insert.setObject(1, target.id());
                    insert.setObject(2, event.event().id());
                    insert.setObject(3, event.incidentId());
                    insert.setString(4, event.typeName());
                    insert.setString(5, MessageIds.of(target.id(), event.event().id()));
                    insert.setTimestamp(6, Timestamp.from(now));
                    insert.setTimestamp(7, Timestamp.from(now));
                    insert.addBatch();
                    queued++;
                }
            }
            if (queued > 0) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("webhook messages could not be recorded: " + e.getMessage(), e);
        }
        if (queued > 0) {
            // Wake this instance's workers once the messages are visible; other instances find them by polling.
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        dispatcher.wake();
                    }
                }
            });
        }
    }
}
