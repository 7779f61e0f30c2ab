package nl.meldpunt.notification.trace;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.notification.Api;
import nl.meldpunt.notification.Broker;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;

/**
 * notification-service continues the trace of the event it consumes: the obligations an
 * {@code incident.reported} opens are published in the trace of the request that reported it, and
 * the event goes onto the streams in that trace too.
 */
@QuarkusTest
class ConsumerContinuesTheTraceTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theObligationsOfAReportedIncidentArePublishedInTheTraceOfTheReport() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String reportSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        IncidentFacts lab = IncidentFacts.referenceCase();
        Broker.publish(EventType.INCIDENT_REPORTED, lab.id, new IncidentEventData(lab.snapshot(), CaseEvents.ANALYST, null, null,
                null, null), UUID.randomUUID(), "00-" + traceId + "-" + reportSpan + "-01");
        Api.awaitObligations(lab.id, 7);

        List<ConsumerRecord<String, String>> opened = await().atMost(Duration.ofSeconds(60))
                .until(() -> Broker.notificationEvents(lab.id), l -> l.size() >= 7);
        SpanData consumer = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.CONSUMER).findFirst(),
                java.util.Optional::isPresent).get();
        assertEquals(reportSpan, consumer.getParentSpanId(), "the consumer's span is a child of the report");
        assertEquals("process " + EventType.INCIDENT_REPORTED.ceType(), consumer.getName());
        SpanData streamed = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals("stream incident.reported")).findFirst(),
                java.util.Optional::isPresent).get();
        assertEquals(reportSpan, streamed.getParentSpanId(), "the stream feed carries the event in the trace of its change");
        for (ConsumerRecord<String, String> r : opened) {
            String change = Broker.header(r, CloudEventHeaders.TRACEPARENT);
            assertTrue(change.startsWith("00-" + traceId + "-" + consumer.getSpanId()), "obligation event in the trace: " + change);
            assertTrue(Broker.header(r, "traceparent").startsWith("00-" + traceId + "-"));
        }
    }
}
