package nl.meldpunt.notification.messaging;

import static nl.meldpunt.notification.Api.awaitObligations;
import static nl.meldpunt.notification.Api.obligations;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.localstack.DeadLetterReplay;
import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.RecordSender;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;
import nl.meldpunt.notification.MovableClock;

/**
 * What notification-service's consumers do when something goes wrong, on the real broker and
 * database: a passing failure is retried, an unknown type is skipped, a dead letter can be replayed.
 */
@QuarkusTest
class ConsumerFailuresTest {

    private static final String GROUP = "notification-service";
    private static final String DEAD_LETTERS = Topic.INCIDENT_EVENTS.deadLetterTopicName(GROUP);

    @Inject
    MovableClock clock;

    @Inject
    MeterRegistry registry;

    @Test
    void anIncidentEventSurvivesADatabaseFailureThatPassesAndOpensItsObligationsWithoutADeadLetter() throws SQLException {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        double failedBefore = failedAttempts();
        // The inbox table disappears for a while, as it would during a failover: every attempt fails.
        try (Connection db = database()) {
            execute(db, "ALTER TABLE processed_event RENAME TO processed_event_away");
            try {
                CaseEvents.reported(lab);
                await("an attempt failed and will be retried").atMost(Duration.ofSeconds(30))
                        .until(() -> failedAttempts() > failedBefore);
            } finally {
                execute(db, "ALTER TABLE processed_event_away RENAME TO processed_event");
            }
        }
        awaitObligations(lab.id, 7);
        assertEquals(0, Broker.records(DEAD_LETTERS, lab.id).size(), "a passing failure is never dead-lettered");
    }

    @Test
    void anEventTypeItDoesNotKnowIsSkippedCountedAndCommittedAndNotDeadLettered() {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        String future = "nl.meldpunt.incident.reported.v2";
        double skippedBefore = skipped(future);
        RecordMetadata at = RecordSender.sendAndLocate(RecordSender.cloudEvent(Topic.INCIDENT_EVENTS.topicName(),
                lab.id.toString(), future, "{\"incident\":{\"shape\":\"of the future\"}}"));
        CaseEvents.reported(lab);

        awaitObligations(lab.id, 7);
        await("the skipped record's offset is committed").atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.committedOffset(GROUP, Topic.INCIDENT_EVENTS.topicName(), at.partition()) > at.offset());
        assertEquals(skippedBefore + 1, skipped(future), "counted once");
        assertEquals(0, Broker.records(DEAD_LETTERS, lab.id).size(), "an unknown type is no dead letter");
    }

    @Test
    void aDeadLetterReplayedOnceItsCauseIsFixedOpensTheObligations() throws SQLException {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts lab = IncidentFacts.referenceCase();
        try (Connection db = database()) {
            execute(db, "ALTER TABLE processed_event RENAME TO processed_event_away");
            try {
                CaseEvents.reported(lab);
                // Longer than the retry budget: the record ends on the group's dead-letter topic.
                await("dead-lettered after the retries").atMost(Duration.ofSeconds(120))
                        .until(() -> !Broker.records(DEAD_LETTERS, lab.id).isEmpty());
            } finally {
                execute(db, "ALTER TABLE processed_event_away RENAME TO processed_event");
            }
        }
        assertEquals(0, obligations(lab.id).size(), "nothing was applied while the table was away");

        int replayed = DeadLetterReplay.replay(SharedStack.stack().bootstrapServers(), DEAD_LETTERS);

        assertTrue(replayed >= 1, "replayed " + replayed);
        awaitObligations(lab.id, 7);
    }

    @Test
    void aPoisonRecordAmongGoodOnesIsParkedAloneWithItsOriginAndItsNeighboursAreAppliedOnce() {
        clock.set(Instant.parse("2025-07-06T09:30:00Z"));
        IncidentFacts before = IncidentFacts.referenceCase();
        IncidentFacts poisoned = IncidentFacts.referenceCase();
        IncidentFacts after = IncidentFacts.referenceCase();
        // Sent back to back, so the consumer usually takes them in one poll, as one batch and one transaction.
        CaseEvents.reported(before);
        RecordMetadata poison = RecordSender.sendAndLocate(RecordSender.cloudEvent(Topic.INCIDENT_EVENTS.topicName(),
                poisoned.id.toString(), EventType.INCIDENT_REPORTED.ceType(), "this is no JSON"));
        CaseEvents.reported(after);

        awaitObligations(before.id, 7);
        awaitObligations(after.id, 7);
        await("the poison record is parked").atMost(Duration.ofSeconds(60))
                .until(() -> !Broker.records(DEAD_LETTERS, poisoned.id).isEmpty());
        var parked = Broker.records(DEAD_LETTERS, poisoned.id);
        assertEquals(1, parked.size(), "parked once");
        assertEquals("this is no JSON", parked.get(0).value(), "parked as it came");
        assertEquals(Long.toString(poison.offset()), Broker.header(parked.get(0), "dead-letter-offset"));
        assertEquals(Topic.INCIDENT_EVENTS.topicName(), Broker.header(parked.get(0), "dead-letter-topic"));
        assertTrue(Broker.header(parked.get(0), "dead-letter-reason").contains("unreadable incident data"),
                () -> Broker.header(parked.get(0), "dead-letter-reason"));
        assertEquals(0, Broker.records(DEAD_LETTERS, before.id).size(), "the good neighbour before is not parked");
        assertEquals(0, Broker.records(DEAD_LETTERS, after.id).size(), "the good neighbour after is not parked");
        assertEquals(7, obligations(before.id).size(), "applied once");
        assertEquals(7, obligations(after.id).size(), "applied once");
        assertEquals(0, obligations(poisoned.id).size());
    }

    private double failedAttempts() {
        Counter c = registry.find("meldpunt.consumer.failed.attempts").tag("topic", Topic.INCIDENT_EVENTS.topicName()).counter();
        return c == null ? 0 : c.count();
    }

    private double skipped(String type) {
        Counter c = registry.find("meldpunt.consumer.skipped").tag("topic", Topic.INCIDENT_EVENTS.topicName())
                .tag("type", type).counter();
        return c == null ? 0 : c.count();
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(SharedStack.stack().jdbcUrl("notification"), LocalStack.DB_USER, LocalStack.DB_PASSWORD);
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }
}
