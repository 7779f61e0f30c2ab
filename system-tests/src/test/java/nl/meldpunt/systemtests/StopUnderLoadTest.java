package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Stopping notification-service while it works through a stream of incident events loses none:
 * what it had not applied when it stopped is applied after the restart, and nothing is
 * dead-lettered because the service was stopping (the failure the issue reported: records failing
 * with "EntityManagerFactory is closed" and parked, each an incident whose obligations never open).
 */
class StopUnderLoadTest {

    private static final int INCIDENTS = 800;
    private static final String TOPIC = "stop-under-load-incident-events";
    private static final String DEAD_LETTERS = "notification-service-stop.incident-events.dlq";
    private static final String DATABASE = "notification_stop";
    /** A topic, group, dead-letter topic and database of its own, so nothing else disturbs the count. */
    private static final List<String> OWN_CONSUMER = List.of(
            "-Dmp.messaging.incoming.incident-events.topic=" + TOPIC,
            "-Dmp.messaging.incoming.incident-events.group.id=notification-service-stop",
            "-Dmp.messaging.incoming.incident-events.dead-letter-queue.topic=" + DEAD_LETTERS,
            "-Dmp.messaging.incoming.investigation-events.topic=stop-under-load-investigation-events",
            "-Dmp.messaging.incoming.investigation-events.group.id=notification-service-stop",
            "-Dmp.messaging.incoming.notification-events.topic=stop-under-load-notification-events",
            "-Dmp.messaging.incoming.notification-events.group.id=notification-service-stop");

    private Instance instance;

    @AfterEach
    void stop() throws InterruptedException {
        if (instance != null && instance.process().isAlive()) {
            instance.process().destroy();
            instance.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void stoppingNotificationServiceMidStreamDeadLettersNothingAndEveryIncidentGetsItsObligationsAfterTheRestart()
            throws IOException, InterruptedException, SQLException {
        instance = RunningPlatform.startInstance(Service.NOTIFICATION, "notification-stop-1", DATABASE, OWN_CONSUMER);
        ReportedIncidents.publish(TOPIC, INCIDENTS);

        await("part of the stream applied").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> applied() >= INCIDENTS / 8);
        // SIGTERM, as Ctrl-C or the run command's stop sends it, while records are still arriving.
        instance.process().destroy();
        assertTrue(instance.process().waitFor(60, TimeUnit.SECONDS), "notification-service stopped");
        long appliedBeforeRestart = applied();
        assertTrue(appliedBeforeRestart < INCIDENTS, "the stop came mid-stream: " + appliedBeforeRestart + " applied");

        instance = RunningPlatform.startInstance(Service.NOTIFICATION, "notification-stop-2", DATABASE, OWN_CONSUMER);
        await("every incident applied after the restart").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> applied() == INCIDENTS);

        assertEquals(INCIDENTS, incidentsWithObligations(), "every incident has its obligations");
        assertEquals(0, deadLetters(), "nothing was dead-lettered because the service stopped");
    }

    /** Incident events applied: one inbox row each. */
    private static long applied() throws SQLException {
        return count("SELECT count(*) FROM processed_event WHERE source_topic = '" + TOPIC + "'");
    }

    private static long incidentsWithObligations() throws SQLException {
        return count("SELECT count(DISTINCT incident_id) FROM obligation");
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SharedStack.stack().jdbcUrl(DATABASE), LocalStack.DB_USER,
                LocalStack.DB_PASSWORD); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the schema is not migrated yet
            }
            throw e;
        }
    }

    private static long deadLetters() {
        return TopicReader.upToNow(DEAD_LETTERS).size();
    }
}
