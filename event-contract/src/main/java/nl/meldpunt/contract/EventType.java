package nl.meldpunt.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * The event catalogue. The CloudEvents type is {@code nl.meldpunt.<name>.v1}; a breaking
 * change gets a new {@code .v2} type published alongside this one.
 */
public enum EventType {
    INCIDENT_REPORTED("incident.reported", Topic.INCIDENT_EVENTS),
    INCIDENT_UPDATED("incident.updated", Topic.INCIDENT_EVENTS),
    INCIDENT_TRIAGED("incident.triaged", Topic.INCIDENT_EVENTS),
    INCIDENT_INVESTIGATION_STARTED("incident.investigation-started", Topic.INCIDENT_EVENTS),
    INCIDENT_RESOLVED("incident.resolved", Topic.INCIDENT_EVENTS),
    INCIDENT_CLOSED("incident.closed", Topic.INCIDENT_EVENTS),
    INCIDENT_REJECTED("incident.rejected", Topic.INCIDENT_EVENTS),
    INCIDENT_REOPENED("incident.reopened", Topic.INCIDENT_EVENTS),

    INVESTIGATION_OPENED("investigation.opened", Topic.INVESTIGATION_EVENTS),
    INVESTIGATION_ASSIGNED("investigation.assigned", Topic.INVESTIGATION_EVENTS),
    INVESTIGATION_FINDING_RECORDED("investigation.finding-recorded", Topic.INVESTIGATION_EVENTS),
    INVESTIGATION_CONCLUDED("investigation.concluded", Topic.INVESTIGATION_EVENTS),

    OBLIGATION_OPENED("obligation.opened", Topic.NOTIFICATION_EVENTS),
    OBLIGATION_DUE_SOON("obligation.due-soon", Topic.NOTIFICATION_EVENTS),
    OBLIGATION_OVERDUE("obligation.overdue", Topic.NOTIFICATION_EVENTS),
    OBLIGATION_FULFILLED("obligation.fulfilled", Topic.NOTIFICATION_EVENTS),
    OBLIGATION_WAIVED("obligation.waived", Topic.NOTIFICATION_EVENTS),
    OBLIGATION_WITHDRAWN("obligation.withdrawn", Topic.NOTIFICATION_EVENTS),
    SUBSCRIPTION_DISABLED("subscription.disabled", Topic.NOTIFICATION_EVENTS);

    public static final String TYPE_PREFIX = "nl.meldpunt.";
    public static final String VERSION_SUFFIX = ".v1";

    private final String eventName;
    private final Topic topic;

    EventType(String eventName, Topic topic) {
        this.eventName = eventName;
        this.topic = topic;
    }

    /** Short name as used in filters and docs, e.g. {@code incident.reported}. */
    public String eventName() {
        return eventName;
    }

    public Topic topic() {
        return topic;
    }

    /** The value of the {@code ce_type} header. */
    public String ceType() {
        return TYPE_PREFIX + eventName + VERSION_SUFFIX;
    }

    /** Classpath location of the JSON Schema (draft 2020-12) for the event's data. */
    public String schemaResource() {
        return "/schemas/" + ceType() + ".schema.json";
    }

    /** Classpath location of an example payload, validated against the schema by the build. */
    public String exampleResource() {
        return "/examples/" + ceType() + ".json";
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType().equals(ceType)).findFirst();
    }

    public static Optional<EventType> fromEventName(String name) {
        return Arrays.stream(values()).filter(t -> t.eventName.equals(name)).findFirst();
    }
}
