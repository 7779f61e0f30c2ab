package nl.meldpunt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import nl.meldpunt.contract.Topic;
import nl.meldpunt.deploy.Repository.Manifest;

/** The Strimzi resources carry every topic of the event contract, replicated so that one broker may fail. */
class KafkaTopicsTest {

    static final int PARTITIONS = 6;

    @Test
    void everyTopicAndDeadLetterTopicOfTheContractHasAKafkaTopicAndNoOtherIsDeclared() {
        Set<String> expected = new TreeSet<>(Topic.allDeadLetterTopicNames());
        for (Topic topic : Topic.values()) {
            expected.add(topic.topicName());
        }
        assertEquals(expected, new TreeSet<>(partitionsByTopic().keySet()));
    }

    @Test
    void mainTopicsHaveSixPartitionsAndDeadLetterTopicsOne() {
        Map<String, Integer> partitions = partitionsByTopic();
        for (Topic topic : Topic.values()) {
            assertEquals(PARTITIONS, partitions.get(topic.topicName()), topic.topicName());
        }
        for (String dlq : Topic.allDeadLetterTopicNames()) {
            assertEquals(1, partitions.get(dlq), dlq);
        }
    }

    @Test
    void everyTopicHasThreeReplicasOfWhichTwoMustHaveAWrite() {
        for (Manifest topic : Repository.manifests("KafkaTopic")) {
            assertEquals(3, Tree.at(topic.body(), "spec", "replicas"), topic.toString());
            assertEquals(2, Tree.at(topic.body(), "spec", "config", "min.insync.replicas"), topic.toString());
            assertEquals("meldpunt", Tree.string(topic.body(), "metadata", "labels", "strimzi.io/cluster"), topic.toString());
            assertEquals(topic.name(), Tree.string(topic.body(), "spec", "topicName"));
        }
    }

    @Test
    void kafkaRunsInKraftModeOnThreeNodesThatAreControllersAndBrokers() {
        Manifest kafka = Repository.manifest("Kafka", "meldpunt");
        assertEquals("enabled", Tree.string(kafka.body(), "metadata", "annotations", "strimzi.io/kraft"));
        assertEquals("enabled", Tree.string(kafka.body(), "metadata", "annotations", "strimzi.io/node-pools"));
        Map<String, Object> config = Tree.map(kafka.body(), "spec", "kafka", "config");
        assertEquals(3, config.get("default.replication.factor"));
        assertEquals(2, config.get("min.insync.replicas"));
        assertEquals(3, config.get("offsets.topic.replication.factor"));
        assertEquals(3, config.get("transaction.state.log.replication.factor"));
        assertEquals(2, config.get("transaction.state.log.min.isr"));
        assertEquals(false, config.get("auto.create.topics.enable"));
        assertTrue(Tree.map(kafka.body(), "spec").get("zookeeper") == null, "no ZooKeeper");

        List<Manifest> pools = Repository.manifests("KafkaNodePool");
        assertEquals(1, pools.size());
        Map<String, Object> pool = pools.get(0).body();
        assertEquals("meldpunt", Tree.string(pool, "metadata", "labels", "strimzi.io/cluster"));
        assertEquals(3, Tree.at(pool, "spec", "replicas"));
        assertEquals(List.of("controller", "broker"), Tree.list(pool, "spec", "roles"));
    }

    static Map<String, Integer> partitionsByTopic() {
        Map<String, Integer> partitions = new TreeMap<>();
        for (Manifest topic : Repository.manifests("KafkaTopic")) {
            partitions.put(Tree.string(topic.body(), "spec", "topicName"), (Integer) Tree.at(topic.body(), "spec", "partitions"));
        }
        return partitions;
    }
}
