package nl.meldpunt.localstack;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test support: puts records on the {@link SharedStack} broker the way another service would,
 * and waits for the broker's acknowledgement.
 */
public final class RecordSender {

    private static KafkaProducer<String, String> producer;

    private RecordSender() {
    }

    /** A record with the given headers, e.g. {@code CloudEventHeaders.binaryMode(...)}. */
    public static ProducerRecord<String, String> record(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> r.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    /**
     * A binary-mode CloudEvent of any {@code ce_type}, keyed by its subject: for a type no
     * Meldpunt build knows yet, such as a future {@code .v2}.
     */
    public static ProducerRecord<String, String> cloudEvent(String topic, String subject, String ceType, String data) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", java.util.UUID.randomUUID().toString());
        headers.put("ce_source", "/meldpunt/test");
        headers.put("ce_type", ceType);
        headers.put("ce_subject", subject);
        headers.put("ce_time", java.time.Instant.now().toString());
        return record(topic, subject, data, headers);
    }

    public static synchronized void send(ProducerRecord<String, String> record) {
        sendAndLocate(record);
    }

    /** Sends the record and tells where the broker put it (partition and offset). */
    public static synchronized RecordMetadata sendAndLocate(ProducerRecord<String, String> record) {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the record for " + record.topic() + ": " + e.getMessage(), e);
        }
    }
}
