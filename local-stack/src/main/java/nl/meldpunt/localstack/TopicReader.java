package nl.meldpunt.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Test support: reads a topic of the {@link SharedStack} broker from the beginning, as an
 * independent consumer such as a dashboard would, and keeps what it has seen.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicReader(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Records whose key is the incident id, read so far (after polling once more), in partition order. */
    public List<ConsumerRecord<String, String>> forKey(String key) {
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
        return seen.stream().filter(r -> key.equals(r.key())).collect(Collectors.toList());
    }

    /** Every record with this key that is on the topic now: read from the beginning up to the current end. */
    public static List<ConsumerRecord<String, String>> upToNow(String topic, String key) {
        return upToNow(topic).stream().filter(r -> key.equals(r.key())).collect(Collectors.toList());
    }

    /** Every record that is on the topic now: read from the beginning up to the current end. */
    public static List<ConsumerRecord<String, String>> upToNow(String topic) {
        try (TopicReader reader = new TopicReader(topic)) {
            Map<TopicPartition, Long> end = reader.consumer.endOffsets(reader.consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> reader.consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " could not be read to its end");
                }
                reader.consumer.poll(Duration.ofMillis(200)).forEach(reader.seen::add);
            }
            return List.copyOf(reader.seen);
        }
    }

    /** The offset a consumer group has committed on a partition: the next record it will read; -1 if none. */
    public static long committedOffset(String group, String topic, int partition) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers()))) {
            TopicPartition tp = new TopicPartition(topic, partition);
            org.apache.kafka.clients.consumer.OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, java.util.concurrent.TimeUnit.SECONDS).get(tp);
            return committed == null ? -1 : committed.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("offsets of group " + group + " unreadable: " + e.getMessage(), e);
        }
    }

    /** Types ({@code ce_type}) of the incident's records, in order. */
    public List<String> types(String key) {
        return forKey(key).stream().map(r -> header(r, "ce_type")).collect(Collectors.toList());
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        r.headers().forEach(h -> m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return m;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
