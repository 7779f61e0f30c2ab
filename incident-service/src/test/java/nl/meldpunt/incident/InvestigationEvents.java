package nl.meldpunt.incident;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import nl.meldpunt.localstack.SharedStack;

/** Publishes investigation events onto the real broker, as investigation-service's relay would. */
public final class InvestigationEvents implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public InvestigationEvents() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    /** Sends a CloudEvent and returns its ce_id. */
    public String send(String incidentId, String eventName, String status, String investigationId, String authority,
            String eventId) {
        String data = """
                {"investigation":{"id":"%s","incidentId":"%s","authority":"%s","status":"%s","openedAt":"%s",
                 "findingCount":0,"version":1%s},
                 "actor":{"subject":"system","organisation":"Meldpunt","role":"system"}}
                """.formatted(investigationId, incidentId, authority, status, Instant.now(),
                "CONCLUDED".equals(status) ? ",\"outcome\":\"RECOMMENDATIONS\",\"summary\":\"done\"" : "");
        ProducerRecord<String, String> r = new ProducerRecord<>("investigation-events", incidentId, data);
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", eventId);
        header(r, "ce_source", "/meldpunt/investigation-service");
        header(r, "ce_type", "nl.meldpunt.investigation." + eventName + ".v1");
        header(r, "ce_subject", incidentId);
        header(r, "ce_time", Instant.now().toString());
        header(r, "content-type", "application/json");
        sendNow(r);
        return eventId;
    }

    public String send(String incidentId, String eventName, String status, String investigationId, String authority) {
        return send(incidentId, eventName, status, investigationId, authority, UUID.randomUUID().toString());
    }

    /** A record no consumer can process: not a CloudEvent at all. */
    public void sendPoison(String incidentId) {
        sendNow(new ProducerRecord<>("investigation-events", incidentId, "this is not an event"));
    }

    private void sendNow(ProducerRecord<String, String> r) {
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(ProducerRecord<String, String> r, String k, String v) {
        r.headers().add(k, v.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
