package nl.meldpunt.support.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.support.outbox.ChainVerification;
import nl.meldpunt.support.outbox.EventLog;
import nl.meldpunt.support.outbox.LoggedEvent;

/**
 * What a consumer batch gathers and writes at its end, against the service's real database:
 * the inbox records a poll in one statement and still tells first deliveries from duplicates,
 * and the outbox events of several incidents written together still form each incident's chain
 * in the order they were appended. The events use {@code subscription.disabled}, which this
 * service's own consumer reads back without effect, so they disturb no other test.
 */
@QuarkusTest
class ConsumerBatchTest {

    @Inject
    ConsumerBatch batch;

    @Inject
    Inbox inbox;

    @Inject
    EventLog eventLog;

    private static IncomingEvent event(UUID id) {
        return new IncomingEvent(id, EventType.SUBSCRIPTION_DISABLED, "/test", UUID.randomUUID(), Instant.now(), 1, null,
                "notification-events", "{}");
    }

    @Test
    void theInboxRecordsAPollInOneGoAndStillTellsFirstDeliveriesFromDuplicates() {
        IncomingEvent seenBefore = event(UUID.randomUUID());
        QuarkusTransaction.requiringNew().run(() -> assertTrue(inbox.firstDelivery(seenBefore)));
        IncomingEvent fresh = event(UUID.randomUUID());
        IncomingEvent twiceInThePoll = event(UUID.randomUUID());

        QuarkusTransaction.requiringNew().run(() -> {
            batch.open();
            inbox.claim(List.of(seenBefore, fresh, twiceInThePoll, twiceInThePoll));
            assertFalse(inbox.firstDelivery(seenBefore), "recorded by an earlier transaction");
            assertTrue(inbox.firstDelivery(fresh));
            assertTrue(inbox.firstDelivery(twiceInThePoll), "the first copy in the poll");
            assertFalse(inbox.firstDelivery(twiceInThePoll), "the second copy in the same poll");
            batch.close();
        });

        // Committed: a later delivery of any of them is a duplicate.
        QuarkusTransaction.requiringNew().run(() -> {
            assertFalse(inbox.firstDelivery(fresh));
            assertFalse(inbox.firstDelivery(twiceInThePoll));
        });
    }

    @Test
    void aBatchThatRollsBackLeavesNoInboxRecordSoTheRedeliveryIsApplied() {
        IncomingEvent e = event(UUID.randomUUID());
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            batch.open();
            inbox.claim(List.of(e));
            assertTrue(inbox.firstDelivery(e));
            throw new IllegalStateException("a passing failure later in the batch");
        }));
        QuarkusTransaction.requiringNew().run(() -> assertTrue(inbox.firstDelivery(e)));
    }

    @Test
    void eventsOfSeveralIncidentsWrittenAtTheEndOfABatchFormEachIncidentsChainInAppendOrder() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        // a already has a chain: the batch must continue it, not start a new one.
        QuarkusTransaction.requiringNew().run(() -> {
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, a, "test", Map.of("n", "a1"));
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, a, "test", Map.of("n", "a2"));
        });

        QuarkusTransaction.requiringNew().run(() -> {
            batch.open();
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, b, "test", Map.of("n", "b1"));
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, a, "test", Map.of("n", "a3"));
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, b, "test", Map.of("n", "b2"));
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, a, "test", Map.of("n", "a4"));
            assertEquals(2, eventLog.history(a).size(), "gathered, not yet written");
            assertEquals(0, eventLog.history(b).size(), "gathered, not yet written");
            batch.close();
        });

        assertEquals(List.of("a1", "a2", "a3", "a4"), names(eventLog.history(a)));
        assertEquals(List.of(1L, 2L, 3L, 4L), eventLog.history(a).stream().map(LoggedEvent::sequence).toList());
        assertEquals(List.of("b1", "b2"), names(eventLog.history(b)));
        ChainVerification chainA = eventLog.verify(a);
        ChainVerification chainB = eventLog.verify(b);
        assertTrue(chainA.intact(), chainA.toString());
        assertTrue(chainB.intact(), chainB.toString());
    }

    @Test
    void aBatchThatReachesItsCommitWithRowsItNeverWroteRollsBackInsteadOfLosingThem() {
        UUID a = UUID.randomUUID();
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            batch.open();
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, a, "test", Map.of("n", "never written"));
        }));
        assertEquals(0, eventLog.history(a).size());
        // Outside a batch the event is written at once, within its transaction.
        QuarkusTransaction.requiringNew().run(() -> {
            eventLog.append(EventType.SUBSCRIPTION_DISABLED, a, "test", Map.of("n", "at once"));
            assertEquals(1, eventLog.history(a).size());
        });
    }

    private static List<String> names(List<LoggedEvent> events) {
        return events.stream().map(e -> e.data().replaceAll(".*\"n\":\"([^\"]+)\".*", "$1")).toList();
    }
}
