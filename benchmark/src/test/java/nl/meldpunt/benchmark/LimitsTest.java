package nl.meldpunt.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.meldpunt.localstack.ServiceLauncher;

/**
 * The limit is only a limit for intake while it sends intake's statements: each of them must
 * stand word for word in the code that sends it, so a change there shows up here.
 */
class LimitsTest {

    private static final Path ROOT = ServiceLauncher.repositoryRoot(
            Path.of(System.getProperty("basedir", System.getProperty("user.dir"))));

    @Test
    void everyStatementOfTheLimitIsOneIntakeSends() throws IOException {
        String eventLog = javaStrings("service-support/src/main/java/nl/meldpunt/support/outbox/EventLog.java");
        String incidentService = javaStrings("incident-service/src/main/java/nl/meldpunt/incident/service/IncidentService.java");
        for (String statement : List.of(Limits.LOCK_INCIDENT, Limits.LAST_EVENT, Limits.INSERT_EVENT)) {
            assertTrue(eventLog.contains(statement), "EventLog no longer sends: " + statement);
        }
        for (String statement : List.of(Limits.NEXT_REFERENCE, Limits.INSERT_INCIDENT)) {
            assertTrue(incidentService.contains(statement), "IncidentService no longer sends: " + statement);
        }
    }

    /** The source with string literals split over lines joined again: {@code "a " + "b"} reads {@code "a b"}. */
    private static String javaStrings(String file) throws IOException {
        return Files.readString(ROOT.resolve(file)).replaceAll("\"\\s*\\+\\s*\"", "");
    }
}
