package nl.meldpunt.notification.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** What is kept, and for how long: finished messages and their events go after meldpunt.webhooks.keep. */
@QuarkusTest
class DeliveryPurgeTest {

    @Inject
    DeliveryQueue queue;

    @Inject
    EntityManager em;

    @Test
    void finishedMessagesAndTheirEventsGoAfterTheKeepPeriodWhilePendingAndRecentOnesStay() {
        UUID subscription = UUID.randomUUID();
        UUID oldDelivered = UUID.randomUUID();
        UUID oldPending = UUID.randomUUID();
        UUID recentDelivered = UUID.randomUUID();
        Instant old = Instant.now().minus(Duration.ofDays(40));
        Instant recent = Instant.now().minus(Duration.ofDays(1));
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO webhook_subscription (id, owner_subject, owner_role, url, state, secret, created_at, "
                    + "updated_at, version) VALUES (?1, 'purge@meldpunt.local', 'ANALYST', 'http://127.0.0.1:9/', 'PAUSED', "
                    + "'whsec_AAAA', now(), now(), 1)").setParameter(1, subscription).executeUpdate();
            event(oldDelivered, old);
            event(oldPending, old);
            event(recentDelivered, recent);
            message(subscription, oldDelivered, "DELIVERED", old);
            message(subscription, oldPending, "PENDING", old);
            message(subscription, recentDelivered, "DELIVERED", recent);
        });

        QuarkusTransaction.requiringNew().run(() -> queue.purge());

        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(0, count("webhook_message", oldDelivered), "a delivered message older than 30 days goes");
            assertEquals(0, count("case_event", oldDelivered), "and its event with it");
            assertEquals(1, count("webhook_message", oldPending), "a pending message stays, however old");
            assertEquals(1, count("case_event", oldPending), "and keeps its event");
            assertEquals(1, count("webhook_message", recentDelivered));
            assertEquals(1, count("case_event", recentDelivered));
            em.createNativeQuery("DELETE FROM webhook_subscription WHERE id = ?1").setParameter(1, subscription).executeUpdate();
        });
    }

    private void event(UUID id, Instant at) {
        em.createNativeQuery("INSERT INTO case_event (event_id, type, incident_id, source, sequence, topic, data, received_at) "
                + "VALUES (?1, 'incident.updated', ?2, '/meldpunt/incident-service', 1, 'incident-events', '{}', ?3)")
                .setParameter(1, id).setParameter(2, UUID.randomUUID()).setParameter(3, java.sql.Timestamp.from(at)).executeUpdate();
    }

    private void message(UUID subscription, UUID event, String state, Instant at) {
        String finished = "PENDING".equals(state) ? "NULL" : "?6";
        em.createNativeQuery("INSERT INTO webhook_message (subscription_id, event_id, incident_id, event_type, message_id, state, "
                + "next_attempt_at, created_at, finished_at) VALUES (?1, ?2, ?3, 'incident.updated', ?4, ?5, ?6, ?6, " + finished + ")")
                .setParameter(1, subscription).setParameter(2, event).setParameter(3, UUID.randomUUID())
                .setParameter(4, "msg_" + event).setParameter(5, state).setParameter(6, java.sql.Timestamp.from(at)).executeUpdate();
    }

    private long count(String table, UUID eventId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table + " WHERE event_id = ?1").setParameter(1, eventId)
                .getSingleResult()).longValue();
    }
}
