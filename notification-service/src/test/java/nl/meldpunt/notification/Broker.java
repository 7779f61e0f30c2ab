package nl.meldpunt.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventSchemas;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.contract.Topic;
import nl.meldpunt.localstack.SharedStack;

/**
 * The test's side of the real broker: publishes CloudEvents as the other services' outbox relays
 * do (binary mode, the headers of service-support's OutboxRelay, keyed by incident id), after
 * checking each payload against its schema; and reads back what notification-service published.
 */
public final class Broker {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    public static final EventSchemas SCHEMAS = new EventSchemas();

    private static KafkaProducer<String, String> producer;
    private static long sequence;

    private Broker() {
    }

    /** A published event: its id, and the exact record, to send again as a redelivery. */
    public record Sent(UUID eventId, ProducerRecord<String, String> record) {
    }

    public static Sent publish(EventType type, UUID incidentId, Object data) {
        return publish(type, incidentId, data, UUID.randomUUID());
    }

    public static synchronized Sent publish(EventType type, UUID incidentId, Object data, UUID eventId) {
        String payload;
        try {
            payload = JSON.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(List.of(), SCHEMAS.validate(type, payload), "the test publishes only valid " + type.ceType());
        ProducerRecord<String, String> r = new ProducerRecord<>(type.topic().topicName(), incidentId.toString(), payload);
        String source = type.topic() == Topic.INCIDENT_EVENTS ? "/meldpunt/incident-service" : "/meldpunt/investigation-service";
        header(r, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(r, CloudEventHeaders.ID, eventId.toString());
        header(r, CloudEventHeaders.SOURCE, source);
        header(r, CloudEventHeaders.TYPE, type.ceType());
        header(r, CloudEventHeaders.SUBJECT, incidentId.toString());
        header(r, CloudEventHeaders.TIME, Instant.now().toString());
        header(r, CloudEventHeaders.SEQUENCE, Long.toString(++sequence));
        header(r, CloudEventHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        header(r, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        send(r);
        return new Sent(eventId, r);
    }

    /** Sends the same record again: what Kafka does on a redelivery. */
    public static synchronized void redeliver(Sent sent) {
        send(new ProducerRecord<>(sent.record().topic(), null, sent.record().key(), sent.record().value(),
                sent.record().headers()));
    }

    /** Every record on notification-events keyed by the incident, oldest first. */
    public static List<ConsumerRecord<String, String>> notificationEvents(UUID incidentId) {
        return records(Topic.NOTIFICATION_EVENTS.topicName(), incidentId);
    }

    /** Sends a record as it is, headers and all: for what no Meldpunt service would publish. */
    public static synchronized void publishRaw(ProducerRecord<String, String> record) {
        send(record);
    }

    /** Every record on the topic keyed by the incident, oldest first per partition. */
    public static List<ConsumerRecord<String, String>> records(String topic, UUID incidentId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + " could not be read to its end");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (incidentId.toString().equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void send(ProducerRecord<String, String> r) {
        try {
            producer().send(r).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + r.topic(), e);
        }
    }

    private static KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }
}
