package nl.meldpunt.support.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;

/**
 * Parks a record on its channel's dead-letter topic, for the consumers that take their records in
 * batches. The connector's own dead-letter strategy can only park a whole batch, so a batch that
 * holds one poison record would park its good neighbours too; {@link EventReceiver} parks the one
 * record here instead, before the batch is acknowledged. The record keeps its key, value and
 * headers and gains the connector's {@code dead-letter-*} headers, so {@code ./meldpunt
 * replay-dlq} and operators see exactly what the connector itself would have written.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, String> producer;

    /** The dead-letter topic configured for a channel ({@code mp.messaging.incoming.<channel>.dead-letter-queue.topic}). */
    public static String topicOf(String channel) {
        return ConfigProvider.getConfig().getValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class);
    }

    /**
     * Sends the record to the dead-letter topic and waits for Kafka's acknowledgement, so that the
     * batch is acknowledged only once the record is safe. A failure to park is thrown: the batch is
     * then retried rather than acknowledged with a record lost.
     */
    public void park(ConsumerRecord<String, String> record, String deadLetterTopic, Throwable reason) {
        ProducerRecord<String, String> parked = new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value());
        for (Header h : record.headers()) {
            parked.headers().add(h);
        }
        header(parked, KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME, reason.getClass().getName());
        header(parked, KafkaDeadLetterQueue.DEAD_LETTER_REASON, reason.getMessage() == null ? reason.toString() : reason.getMessage());
        if (reason.getCause() != null) {
            header(parked, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME, reason.getCause().getClass().getName());
            header(parked, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE, String.valueOf(reason.getCause().getMessage()));
        }
        header(parked, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, record.topic());
        header(parked, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        header(parked, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        try {
            producer().send(parked).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parking a record on " + deadLetterTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not park a record on " + deadLetterTopic + ": " + e.getMessage(), e);
        }
        LOG.errorf("parked %s partition %d offset %d on %s: %s", record.topic(), record.partition(), record.offset(),
                deadLetterTopic, reason.getMessage());
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(SEND_TIMEOUT.toMillis()));
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
