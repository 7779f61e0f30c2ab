package nl.meldpunt.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts the records of a dead-letter topic back on the topic they came from, once the cause is
 * fixed: key, value and the original CloudEvent headers, without the {@code dead-letter-*}
 * headers. Every consumer group of that topic sees the record again; the groups that had already
 * applied it skip it in their inbox (same {@code ce_id}), so only the group that gave up applies it.
 *
 * <p>Progress is kept in consumer group {@code meldpunt-replay.<dead-letter topic>}: a second run
 * replays only what was dead-lettered since. A record that fails again is dead-lettered again.
 */
public final class DeadLetterReplay {

    private static final String DEAD_LETTER_HEADER_PREFIX = "dead-letter-";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private DeadLetterReplay() {
    }

    /** Replays what is on the dead-letter topic now; returns how many records were put back. */
    public static int replay(String bootstrapServers, String deadLetterTopic) {
        String origin = originOf(deadLetterTopic);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "meldpunt-replay." + deadLetterTopic);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
                KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, PATIENCE).stream()
                    .map(i -> new TopicPartition(deadLetterTopic, i.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, PATIENCE);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            int replayed = 0;
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(deadLetterTopic + " could not be read to its end within " + PATIENCE);
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    String target = header(r, DEAD_LETTER_HEADER_PREFIX + "topic", origin);
                    ProducerRecord<String, String> back = new ProducerRecord<>(target, r.key(), r.value());
                    for (Header h : r.headers()) {
                        if (!h.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                            back.headers().add(h);
                        }
                    }
                    sent.add(producer.send(back));
                    done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                for (Future<RecordMetadata> f : sent) {
                    f.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                }
                // Committed only after the broker took every record back: a crash replays a record twice, never zero times.
                consumer.commitSync(done);
                replayed += sent.size();
            }
            return replayed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take a replayed record: " + e.getMessage(), e);
        }
    }

    /** {@code <group>.<topic>.dlq} came from {@code <topic>}. */
    static String originOf(String deadLetterTopic) {
        if (!deadLetterTopic.endsWith(".dlq") || deadLetterTopic.indexOf('.') == deadLetterTopic.lastIndexOf('.')) {
            throw new IllegalArgumentException("not a dead-letter topic (<group>.<topic>.dlq): " + deadLetterTopic
                    + "; known: " + LocalStack.DEAD_LETTER_TOPICS);
        }
        String withoutSuffix = deadLetterTopic.substring(0, deadLetterTopic.length() - ".dlq".length());
        return withoutSuffix.substring(withoutSuffix.indexOf('.') + 1);
    }

    private static String header(ConsumerRecord<String, String> r, String name, String fallback) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? fallback : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
