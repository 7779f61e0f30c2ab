package nl.meldpunt.incident;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.localstack.RecordSender;

/** Publishes investigation events onto the real broker, as investigation-service's relay would. */
public final class InvestigationEvents implements AutoCloseable {

    /** Sends a CloudEvent and returns its ce_id. */
    public String send(String incidentId, String eventName, String status, String investigationId, String authority,
            String eventId) {
        String data = """
                {"investigation":{"id":"%s","incidentId":"%s","authority":"%s","status":"%s","openedAt":"%s",
                 "findingCount":0,"version":1%s},
                 "actor":{"subject":"system","organisation":"Meldpunt","role":"system"}}
                """.formatted(investigationId, incidentId, authority, status, Instant.now(),
                "CONCLUDED".equals(status) ? ",\"outcome\":\"RECOMMENDATIONS\",\"summary\":\"done\"" : "");
        EventType type = EventType.fromEventName("investigation." + eventName).orElseThrow();
        RecordSender.send(RecordSender.record(type.topic().topicName(), incidentId, data,
                CloudEventHeaders.binaryMode(UUID.fromString(eventId), "/meldpunt/investigation-service", type,
                        UUID.fromString(incidentId), Instant.now(), 0, null)));
        return eventId;
    }

    public String send(String incidentId, String eventName, String status, String investigationId, String authority) {
        return send(incidentId, eventName, status, investigationId, authority, UUID.randomUUID().toString());
    }

    /** A record no consumer can process: not a CloudEvent at all. */
    public void sendPoison(String incidentId) {
        RecordSender.send(RecordSender.record("investigation-events", incidentId, "this is not an event", Map.of()));
    }

    @Override
    public void close() {
        // the shared sender lives as long as the test JVM
    }
}
