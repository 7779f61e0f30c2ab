package nl.meldpunt.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.localstack.SharedStack;

/**
 * Publishes {@code incident.reported} events as incident-service would, one new incident each,
 * built from the contract's example: the load of tests that give a service a topic of its own.
 */
final class ReportedIncidents {

    private static final String EXAMPLE_ID = "0197e428-0f00-7a1c-8f3e-2d4b5c6a7b8c";

    private ReportedIncidents() {
    }

    /** Publishes {@code count} reported incidents on {@code topic} and returns their ids, in order. */
    static List<UUID> publish(String topic, int count) throws IOException {
        String example;
        try (InputStream in = EventType.class.getResourceAsStream(EventType.INCIDENT_REPORTED.exampleResource())) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        List<UUID> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                UUID incident = UUID.randomUUID();
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, incident.toString(),
                        example.replace(EXAMPLE_ID, incident.toString()));
                CloudEventHeaders.binaryMode(UUID.randomUUID(), "/meldpunt/incident-service", EventType.INCIDENT_REPORTED,
                        incident, Instant.now(), 1, null)
                        .forEach((name, value) -> r.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                producer.send(r);
                ids.add(incident);
            }
            producer.flush();
        }
        return ids;
    }
}
