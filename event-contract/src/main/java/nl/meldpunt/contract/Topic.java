package nl.meldpunt.contract;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Kafka topics. Every record is keyed by the incident id, so per-incident order holds.
 * Each topic names the consumer groups that follow it; every group has a dead-letter topic of
 * its own, so a record one service gave up on is replayed to that service's problem alone.
 */
public enum Topic {
    INCIDENT_EVENTS("incident-events", "investigation-service", "notification-service"),
    INVESTIGATION_EVENTS("investigation-events", "incident-service", "notification-service"),
    // notification-service reads its own topic back, so that obligation events reach webhooks and
    // streams through the same inbox, in the same order, as every other event.
    NOTIFICATION_EVENTS("notification-events", "notification-service");

    private final String topicName;
    private final List<String> consumerGroups;

    Topic(String topicName, String... consumerGroups) {
        this.topicName = topicName;
        this.consumerGroups = List.of(consumerGroups);
    }

    public String topicName() {
        return topicName;
    }

    /** The Meldpunt consumer groups (one per service) that consume this topic. */
    public List<String> consumerGroups() {
        return consumerGroups;
    }

    /**
     * Where the consumer group parks a record of this topic it cannot process, with the reason in a
     * header: {@code <group>.<topic>.dlq}, e.g. {@code notification-service.incident-events.dlq}.
     */
    public String deadLetterTopicName(String consumerGroup) {
        if (!consumerGroups.contains(consumerGroup)) {
            throw new IllegalArgumentException(consumerGroup + " does not consume " + topicName);
        }
        return consumerGroup + "." + topicName + ".dlq";
    }

    /** The dead-letter topics of every group that consumes this topic. */
    public List<String> deadLetterTopicNames() {
        return consumerGroups.stream().map(this::deadLetterTopicName).collect(Collectors.toList());
    }

    /** Every dead-letter topic of the platform. */
    public static List<String> allDeadLetterTopicNames() {
        return Arrays.stream(values()).flatMap(t -> t.deadLetterTopicNames().stream()).collect(Collectors.toList());
    }
}
