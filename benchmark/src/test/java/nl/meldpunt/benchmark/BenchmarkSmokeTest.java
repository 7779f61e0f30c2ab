package nl.meldpunt.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.meldpunt.localstack.ServiceLauncher;

/**
 * Runs the benchmark in its short mode (CI's mode: every phase, a few seconds each) against a
 * fresh platform of its own and checks that it measured every phase. It checks that figures exist, never what they are: the build fails when the
 * benchmark breaks, not when the machine is busy.
 */
class BenchmarkSmokeTest {

    @Test
    void theShortRunMeasuresEveryPhaseAndWritesEachAsJson(@TempDir Path dir) throws Exception {
        Path root = ServiceLauncher.repositoryRoot(Path.of(System.getProperty("basedir", System.getProperty("user.dir"))));
        Path json = dir.resolve("bench.json");

        assertTrue(BenchmarkMain.run(BenchmarkMain.Mode.SHORT, false, root, json));

        JsonNode report = new ObjectMapper().readTree(Files.readString(json));
        JsonNode phases = report.path("phases");
        assertEquals(List.of("startUp", "limit", "endToEnd", "relayLag", "keepingUp", "intakeWholePlatform",
                "intakeDownstreamStopped"), List.copyOf(fieldNames(phases)));
        for (String service : List.of("incident-service", "investigation-service", "notification-service")) {
            JsonNode s = phases.path("startUp").path(service);
            assertTrue(s.path("readySeconds").asDouble() > 0, service + " start-up time: " + s);
            assertTrue(s.path("residentIdleMb").asDouble() > 0, service + " idle footprint: " + s);
            assertTrue(s.path("residentAfterLoadMb").asDouble() > 0, service + " footprint after load: " + s);
        }
        for (String clients : List.of("1", "16")) {
            assertMeasured(phases.path("limit").path("intakeSql").path(clients), "SQL limit, " + clients);
            assertMeasured(phases.path("limit").path("producerAcks").path(clients), "producer limit, " + clients);
            assertMeasured(phases.path("intakeDownstreamStopped").path(clients), "intake alone, " + clients);
            assertMeasured(phases.path("intakeWholePlatform").path(clients), "intake whole, " + clients);
            assertTrue(phases.path("intakeWholePlatform").path(clients).path("ratioToSqlLimit").asDouble() > 0);
        }
        JsonNode endToEnd = phases.path("endToEnd").path("25");
        assertTrue(endToEnd.path("dueTo201").path("count").asLong() > 0, "reports answered 201: " + endToEnd);
        assertTrue(endToEnd.path("dueToArrival").path("count").asLong() > 0, "obligations that arrived: " + endToEnd);
        assertTrue(phases.path("relayLag").path("incident-service").path("count").asLong() > 0, "relay lag: " + phases.path("relayLag"));
        assertTrue(phases.path("relayLag").path("notification-service").path("count").asLong() > 0);
        assertTrue(phases.path("keepingUp").path("steps").size() > 0, "keeping-up steps: " + phases.path("keepingUp"));
        assertTrue(phases.path("endToEnd").path("warmUp").path("sent").asLong() > 0, "warm-up: " + phases.path("endToEnd"));
        assertTrue(report.path("run").path("loadAverageAtStart").isArray());
    }

    private static void assertMeasured(JsonNode closedLoad, String what) {
        assertTrue(closedLoad.path("perSecond").asDouble() > 0, what + ": " + closedLoad);
        assertTrue(closedLoad.path("latency").path("count").asLong() > 0, what + ": " + closedLoad);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
