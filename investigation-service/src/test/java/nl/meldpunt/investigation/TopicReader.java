package nl.meldpunt.investigation;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Waits on a topic of the real broker, read from the beginning by local-stack's reader. */
public final class TopicReader {

    private TopicReader() {
    }

    /** The records with this key, oldest first per partition, once {@code until} holds for them. */
    public static List<ConsumerRecord<String, String>> records(String topic, String key,
            Predicate<List<ConsumerRecord<String, String>>> until) {
        try (nl.meldpunt.localstack.TopicReader reader = new nl.meldpunt.localstack.TopicReader(topic)) {
            // The consumer is not thread-safe: poll it on this thread only.
            return await().atMost(Fixtures.PATIENCE).pollInSameThread().pollDelay(Duration.ZERO)
                    .until(() -> reader.forKey(key), until);
        }
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        return nl.meldpunt.localstack.TopicReader.header(r, name);
    }
}
