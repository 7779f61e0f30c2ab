package nl.meldpunt.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import nl.meldpunt.contract.EventType;

/**
 * {@code obligation.opened} on {@code notification-events}, keyed by the incident id, read from the
 * end of the topic by a consumer outside the services' groups. The arrival time is when the record
 * came out of {@code poll}, on the same clock as the send times.
 */
final class NotificationEventsTopic implements CaseArrivals {

    static final String TOPIC = "notification-events";
    /** The ce_type header value, as the contract names it (e.g. with its prefix and version). */
    static final String TYPE = EventType.OBLIGATION_OPENED.ceType();

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    NotificationEventsTopic(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(TOPIC, i.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any report is sent
        poller = new Thread(this::poll, "bench-arrivals");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Header type = r.headers().lastHeader("ce_type");
                    if (type != null && TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        arrivals.putIfAbsent(r.key(), now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public String describe() {
        return EventType.OBLIGATION_OPENED.eventName() + " on " + TOPIC;
    }

    @Override
    public Long firstArrival(String incidentId) {
        return arrivals.get(incidentId);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
