package nl.meldpunt.benchmark;

/**
 * Where the benchmark sees a reported case come out of the platform at the far end.
 *
 * <p>Today that is {@link NotificationEventsTopic}: {@code obligation.opened} read from
 * {@code notification-events} by a Kafka consumer of the benchmark's own. When notification-service
 * serves {@code /streams/events} and delivers webhooks, add a source here for each (an open stream
 * read by the benchmark, a loopback webhook receiver answering 2xx) and choose it in
 * {@link BenchmarkMain#arrivals}; the end-to-end and keeping-up phases need nothing else.
 */
interface CaseArrivals extends AutoCloseable {

    /** What the source reports, for the table and the JSON. */
    String describe();

    /** When (System.nanoTime) the first outcome of the incident arrived, or null when none has yet. */
    Long firstArrival(String incidentId);

    @Override
    void close();
}
