package nl.meldpunt.incident.trace;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.incident.Fixtures;
import nl.meldpunt.localstack.TopicReader;

/**
 * The trace of {@code POST /incidents} reaches Kafka: the request's span is stored with the
 * event, and the relay publishes in a span of the same trace.
 */
@QuarkusTest
class TraceThroughTheOutboxTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theRequestsTraceIsStoredWithItsEventAndTheRelayPublishesInThatTrace() {
        Random random = new Random();
        String traceId = hex(random, 16);
        String callerSpan = hex(random, 8);
        String id = Fixtures.as("analyst").header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .body(Fixtures.clinicalDiagnostics()).post("/incidents").then().statusCode(201).extract().path("id");

        try (TopicReader reader = new TopicReader("incident-events")) {
            ConsumerRecord<String, String> r = await().atMost(Duration.ofSeconds(60))
                    .until(() -> reader.forKey(id), l -> !l.isEmpty()).get(0);
            String change = TopicReader.header(r, CloudEventHeaders.TRACEPARENT);
            String publish = TopicReader.header(r, "traceparent");
            assertTrue(change.startsWith("00-" + traceId + "-"), "ce_traceparent is the request's trace: " + change);
            assertNotEquals(callerSpan, change.split("-")[2], "it names the service's own server span, not the caller's");
            assertTrue(publish.startsWith("00-" + traceId + "-"), "the relay's span continues the trace: " + publish);

            SpanData server = span(traceId, SpanKind.SERVER);
            SpanData producer = span(traceId, SpanKind.PRODUCER);
            assertEquals(callerSpan, server.getParentSpanId());
            assertEquals(change.split("-")[2], server.getSpanId(), "the stored traceparent is the request's span");
            assertEquals(server.getSpanId(), producer.getParentSpanId(), "the relay publishes as a child of the request");
            assertEquals(publish.split("-")[2], producer.getSpanId());
            assertEquals("publish incident.reported", producer.getName());
        }
    }

    private SpanData span(String traceId, SpanKind kind) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> find(traceId, kind), Optional::isPresent).get();
    }

    private Optional<SpanData> find(String traceId, SpanKind kind) {
        List<SpanData> finished = spans.getFinishedSpanItems();
        return finished.stream().filter(s -> s.getTraceId().equals(traceId) && s.getKind() == kind).findFirst();
    }

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
