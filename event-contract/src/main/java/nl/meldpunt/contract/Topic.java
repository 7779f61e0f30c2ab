package nl.meldpunt.contract;

/** The Kafka topics. Every record is keyed by the incident id, so per-incident order holds. */
public enum Topic {
    INCIDENT_EVENTS("incident-events"),
    INVESTIGATION_EVENTS("investigation-events"),
    NOTIFICATION_EVENTS("notification-events");

    private final String topicName;

    Topic(String topicName) {
        this.topicName = topicName;
    }

    public String topicName() {
        return topicName;
    }

    /** Where a consumer parks a message it cannot process, with the reason in a header. */
    public String deadLetterTopicName() {
        return topicName + "-dlq";
    }
}
