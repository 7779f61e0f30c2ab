package nl.meldpunt.contract;

/** CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as headers. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    /** Extension: rises by one per incident and per producer. */
    public static final String SEQUENCE = "ce_sequence";
    /** Extension: W3C trace context of the change that caused the event. */
    public static final String TRACEPARENT = "ce_traceparent";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    /** Set on dead-lettered records: why the consumer gave up. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    private CloudEventHeaders() {
    }

    /**
     * The headers of one event in binary content mode, in the order Meldpunt writes them. The
     * relay publishes exactly these; tests that play another service use them too.
     */
    public static java.util.Map<String, String> binaryMode(java.util.UUID id, String source, EventType type,
            java.util.UUID subject, java.time.Instant time, long sequence, String traceparent) {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put(SPEC_VERSION, SPEC_VERSION_VALUE);
        h.put(ID, id.toString());
        h.put(SOURCE, source);
        h.put(TYPE, type.ceType());
        h.put(SUBJECT, subject.toString());
        h.put(TIME, time.toString());
        h.put(SEQUENCE, Long.toString(sequence));
        if (traceparent != null) {
            h.put(TRACEPARENT, traceparent);
        }
        h.put(CONTENT_TYPE, JSON);
        return h;
    }
}
