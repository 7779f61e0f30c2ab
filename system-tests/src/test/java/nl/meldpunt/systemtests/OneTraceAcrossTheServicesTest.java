package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * One request, one trace, across the three services as real processes: the events each service
 * publishes because of a request carry that request's trace, through outbox, relay and consumer.
 */
@ExtendWith(RunningPlatform.class)
class OneTraceAcrossTheServicesTest {

    private static final Duration PROPAGATION = Duration.ofSeconds(90);

    @Test
    void theReportAndTheTriageEachFormOneTraceThroughEveryServiceTheyReach() throws IOException {
        String report = newTraceId();
        String id = ReferenceCaseFlowTest.analyst(Service.INCIDENT).header("traceparent", "00-" + report + "-" + newSpanId() + "-01")
                .body(Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json")))
                .post("/incidents").then().statusCode(201).extract().path("id");

        // notification-service opens the obligations in the report's trace.
        List<ConsumerRecord<String, String>> obligations = await("obligations opened").atMost(PROPAGATION)
                .until(() -> TopicReader.upToNow("notification-events", id), l -> !l.isEmpty());
        assertInTrace(report, TopicReader.upToNow("incident-events", id).get(0));
        obligations.forEach(r -> assertInTrace(report, r));

        // The triage is a trace of its own: investigation-service opens the investigations in it, and
        // incident-service, consuming those, moves the incident on in it too.
        String triage = newTraceId();
        ReferenceCaseFlowTest.analyst(Service.INCIDENT).header("traceparent", "00-" + triage + "-" + newSpanId() + "-01")
                .header("If-Match", "\"1\"").body("{\"requiredAuthorities\":[\"IGJ\",\"AP\"]}")
                .post("/incidents/{id}/triage", id).then().statusCode(200);
        List<ConsumerRecord<String, String>> opened = await("investigations opened").atMost(PROPAGATION)
                .until(() -> TopicReader.upToNow("investigation-events", id), l -> l.size() >= 2);
        opened.forEach(r -> assertInTrace(triage, r));
        ConsumerRecord<String, String> started = await("investigation started").atMost(PROPAGATION)
                .until(() -> TopicReader.upToNow("incident-events", id).stream()
                        .filter(r -> "nl.meldpunt.incident.investigation-started.v1".equals(TopicReader.header(r, "ce_type")))
                        .findFirst(), java.util.Optional::isPresent).get();
        assertInTrace(triage, started);
        assertFalse(report.equals(triage));
    }

    private static void assertInTrace(String traceId, ConsumerRecord<String, String> r) {
        String change = TopicReader.header(r, CloudEventHeaders.TRACEPARENT);
        assertTrue(change != null && change.startsWith("00-" + traceId + "-"),
                TopicReader.header(r, "ce_type") + " carries " + change + ", not trace " + traceId);
    }

    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String newSpanId() {
        return newTraceId().substring(0, 16);
    }
}
