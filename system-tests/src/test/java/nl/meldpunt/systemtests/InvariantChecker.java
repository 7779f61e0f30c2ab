package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.ServiceLauncher;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.localstack.TopicReader;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * What must hold after any fault, checked across the real processes of the platform: every report
 * answered 201 reached Kafka and was applied by every consumer, no effect was applied twice, every
 * consumer applied each incident's events in order, and the system is healthy with its backlog
 * drained. Copies on the wire (one event id on Kafka more than once, at-least-once publishing) are
 * counted and allowed; the consumers' inbox must make them harmless.
 *
 * <p>The scope of a check is every incident reported since the case began, answered or not: a
 * report that got no answer may or may not exist, but if it exists it must be whole.
 */
final class InvariantChecker {

    /**
     * How long the backlog may take to drain after the load stopped. A consumer killed with -9 keeps its
     * partitions until its session times out (10 s in the services, 45 s by Kafka's default), and a JVM starts in 15 to 60 s on a busy
     * two-core machine: the suite has seen drains of up to 112 s.
     */
    static final Duration DRAIN_BOUND = Duration.ofMinutes(3);

    /** Which consumer group consumes which topic, and which database its inbox is in. */
    private record Consumer(String group, String topic, Service service) {
    }

    private static final List<Consumer> CONSUMERS = List.of(
            new Consumer("investigation-service", "incident-events", Service.INVESTIGATION),
            new Consumer("notification-service", "incident-events", Service.NOTIFICATION),
            new Consumer("incident-service", "investigation-events", Service.INCIDENT),
            new Consumer("notification-service", "investigation-events", Service.NOTIFICATION),
            new Consumer("notification-service", "notification-events", Service.NOTIFICATION));

    /** Which database's event log feeds which topic. */
    private static final Map<String, Service> PRODUCERS = Map.of(
            "incident-events", Service.INCIDENT,
            "investigation-events", Service.INVESTIGATION,
            "notification-events", Service.NOTIFICATION);

    /** What one case did and what the check found. */
    record Result(String name, String load, int accepted, int unanswered, int existingWithoutAnswer, int events,
            int lost, int duplicatesOnWire, int appliedTwice, int orderViolations, long drainMillis, List<String> problems) {

        boolean holds() {
            return problems.isEmpty();
        }

        String line() {
            return String.format("%-34s | %-40s | accepted %4d | unanswered %3d (of which exist %3d) | events %5d | lost %d"
                    + " | duplicates on wire %3d | applied twice %d | order violations %d | drained in %5.1f s",
                    name, load, accepted, unanswered, existingWithoutAnswer, events, lost, duplicatesOnWire, appliedTwice,
                    orderViolations, drainMillis / 1000.0);
        }
    }

    /** An event as its producer's event log has it. */
    private record Event(UUID id, UUID incident, long sequence, String type, String topic) {
    }

    private Supplier<List<String>> extraReadyUrls = List::of;

    /** Instances beside the platform that must also be ready at the end (e.g. a second of each service). */
    InvariantChecker alsoReady(Supplier<List<String>> urls) {
        extraReadyUrls = urls;
        return this;
    }

    /**
     * Waits (within {@link #DRAIN_BOUND}) for the platform to be healthy and drained and every event of the
     * case applied, then counts. {@code since} is when the case's load began.
     */
    Result check(String name, Instant since, FaultLoad load) {
        long start = System.nanoTime();
        // the reports of this case only: the service stamps reported_at after the request arrived, so after since
        Instant from = since;
        try {
            await(name + ": healthy, drained and applied").atMost(DRAIN_BOUND).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> healthy() && lag() == 0 && unpublished() == 0 && unapplied(from) == 0);
        } catch (ConditionTimeoutException e) {
            // counted below: the problems say what did not drain
        }
        long drained = (System.nanoTime() - start) / 1_000_000;
        List<String> problems = new ArrayList<>();
        try {
            return count(name, from, load, drained, problems);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": the platform could not be read: " + e.getMessage(), e);
        }
    }

    private Result count(String name, Instant from, FaultLoad load, long drained, List<String> problems) throws Exception {
        if (!healthy()) {
            problems.add("not every service is ready");
        }
        long lag = lag();
        if (lag != 0) {
            problems.add("consumer lag " + lag + " after " + DRAIN_BOUND.toSeconds() + " s");
        }
        long unpublished = unpublished();
        if (unpublished != 0) {
            problems.add(unpublished + " event-log rows unpublished after " + DRAIN_BOUND.toSeconds() + " s");
        }

        Set<UUID> incidents = incidentsSince(from);
        Set<UUID> accepted = load.accepted.stream().map(UUID::fromString).collect(Collectors.toSet());
        Set<UUID> lostAtSource = new HashSet<>(accepted);
        lostAtSource.removeAll(incidents);
        int lost = lostAtSource.size();
        if (!lostAtSource.isEmpty()) {
            problems.add(lostAtSource.size() + " reports answered 201 are not in incident-service's database, e.g. "
                    + lostAtSource.iterator().next());
        }
        Set<UUID> withoutAnswer = new HashSet<>(incidents);
        withoutAnswer.removeAll(accepted);

        Map<UUID, Event> events = new LinkedHashMap<>();
        for (Map.Entry<String, Service> p : PRODUCERS.entrySet()) {
            events.putAll(eventLog(p.getValue(), p.getKey(), incidents));
        }
        // half-applied: an incident whose report has no event (they are written in one transaction)
        Set<UUID> reported = events.values().stream().filter(e -> e.type().equals("incident.reported"))
                .map(Event::incident).collect(Collectors.toSet());
        for (UUID incident : incidents) {
            if (!reported.contains(incident)) {
                problems.add("incident " + incident + " exists without its incident.reported event (half-applied)");
                lost++;
            }
        }

        // on the wire: each event at least once; copies counted
        int duplicatesOnWire = 0;
        for (String topic : PRODUCERS.keySet()) {
            Map<UUID, Integer> onWire = new HashMap<>();
            Set<String> keys = incidents.stream().map(UUID::toString).collect(Collectors.toSet());
            for (ConsumerRecord<String, String> r : TopicReader.upToNow(topic)) {
                String ceId = TopicReader.header(r, "ce_id");
                if (r.key() != null && keys.contains(r.key()) && ceId != null) {
                    onWire.merge(UUID.fromString(ceId), 1, Integer::sum);
                }
            }
            for (Event e : events.values()) {
                if (!e.topic().equals(topic)) {
                    continue;
                }
                int copies = onWire.getOrDefault(e.id(), 0);
                if (copies == 0) {
                    lost++;
                    problems.add(e.type() + " " + e.id() + " of incident " + e.incident() + " never reached " + topic);
                } else {
                    duplicatesOnWire += copies - 1;
                }
            }
        }

        // applied by every consumer, in order
        int orderViolations = 0;
        for (Consumer c : CONSUMERS) {
            Map<UUID, Timestamp> applied = processed(c.service(), c.topic(), events.keySet());
            List<Event> ofTopic = events.values().stream().filter(e -> e.topic().equals(c.topic())).toList();
            for (Event e : ofTopic) {
                if (!applied.containsKey(e.id())) {
                    lost++;
                    problems.add(c.group() + " never applied " + e.type() + " " + e.id() + " of incident " + e.incident());
                }
            }
            orderViolations += orderViolations(c.group(), ofTopic, applied, problems);
        }
        orderViolations += streamFeedOrder(incidents, problems);

        int appliedTwice = appliedTwice(incidents, problems);
        int triagedWithoutInvestigations = triagedWithoutBothInvestigations(load, problems);
        lost += triagedWithoutInvestigations;

        Result result = new Result(name, load.describe(), accepted.size(), load.unanswered.get(), withoutAnswer.size(),
                events.size(), lost, duplicatesOnWire, appliedTwice, orderViolations, drained, problems);
        System.out.println("[faults] " + result.line());
        problems.forEach(p -> System.out.println("[faults]   problem: " + p));
        return result;
    }

    /** Every incident triaged with 200 has exactly its IGJ and AP investigations. */
    private static int triagedWithoutBothInvestigations(FaultLoad load, List<String> problems) throws SQLException {
        int missing = 0;
        try (Connection c = connect(Service.INVESTIGATION); PreparedStatement ps = c.prepareStatement(
                "SELECT incident_id, string_agg(authority, ',' ORDER BY authority) FROM investigation"
                        + " WHERE incident_id = ANY (?) GROUP BY incident_id")) {
            ps.setArray(1, c.createArrayOf("uuid", load.triaged.stream().map(UUID::fromString).toArray()));
            Map<String, String> authorities = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    authorities.put(rs.getString(1), rs.getString(2));
                }
            }
            for (String id : load.triaged) {
                if (!"AP,IGJ".equals(authorities.get(id))) {
                    missing++;
                    problems.add("triaged incident " + id + " has investigations " + authorities.get(id) + ", not AP and IGJ once each");
                }
            }
        }
        return missing;
    }

    /**
     * Effects counted against their natural keys in every database: a second investigation for one
     * authority, a second obligation, case event, stream entry or webhook message for one event, a
     * second reaction event (investigation started twice, an investigation opened twice).
     */
    private static int appliedTwice(Set<UUID> incidents, List<String> problems) throws SQLException {
        Map<Service, List<String>> checks = Map.of(
                Service.INVESTIGATION, List.of(
                        "SELECT 'investigations', count(*) - count(DISTINCT (incident_id, authority)) FROM investigation"
                                + " WHERE incident_id = ANY (?)",
                        "SELECT 'investigation.opened events', count(*) - count(DISTINCT (aggregate_id, data::jsonb->'investigation'->>'authority'))"
                                + " FROM event_log WHERE event_type = 'investigation.opened' AND aggregate_id = ANY (?)",
                        "SELECT 'incidents learnt', count(*) - count(DISTINCT id) FROM incident WHERE id = ANY (?)"),
                Service.INCIDENT, List.of(
                        "SELECT 'incident events of one kind', coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM event_log"
                                + " WHERE aggregate_id = ANY (?) AND event_type IN ('incident.reported', 'incident.investigation-started')"
                                + " GROUP BY aggregate_id, event_type) t",
                        "SELECT 'investigations learnt', count(*) - count(DISTINCT (incident_id, authority)) FROM incident_investigation"
                                + " WHERE incident_id = ANY (?)"),
                Service.NOTIFICATION, List.of(
                        "SELECT 'obligations', count(*) - count(DISTINCT (incident_id, kind, party, recipient)) FROM obligation"
                                + " WHERE incident_id = ANY (?)",
                        "SELECT 'obligation.opened events', count(*) - count(DISTINCT (aggregate_id, data::jsonb->'obligation'->>'id'))"
                                + " FROM event_log WHERE event_type = 'obligation.opened' AND aggregate_id = ANY (?)",
                        "SELECT 'case events', count(*) - count(DISTINCT event_id) FROM case_event WHERE incident_id = ANY (?)",
                        "SELECT 'stream feed entries', count(*) - count(DISTINCT f.event_id) FROM stream_feed f"
                                + " JOIN case_event e ON e.event_id = f.event_id WHERE e.incident_id = ANY (?)",
                        "SELECT 'webhook messages', count(*) - count(DISTINCT (subscription_id, event_id)) FROM webhook_message"
                                + " WHERE incident_id = ANY (?)"));
        int twice = 0;
        for (Map.Entry<Service, List<String>> e : checks.entrySet()) {
            try (Connection c = connect(e.getKey())) {
                for (String sql : e.getValue()) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setArray(1, c.createArrayOf("uuid", incidents.toArray()));
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            long n = rs.getLong(2);
                            if (n != 0) {
                                twice += (int) n;
                                problems.add(e.getKey().moduleName() + ": " + n + " " + rs.getString(1) + " applied twice");
                            }
                        }
                    }
                }
            }
        }
        return twice;
    }

    /**
     * Per incident, a consumer applies its events in the producer's sequence: ordered by the time each
     * was applied (the inbox's {@code processed_at}, its transaction's start), sequences never fall.
     */
    private static int orderViolations(String group, List<Event> events, Map<UUID, Timestamp> applied, List<String> problems) {
        Map<UUID, List<Event>> byIncident = events.stream().filter(e -> applied.containsKey(e.id()))
                .collect(Collectors.groupingBy(Event::incident));
        int violations = 0;
        for (List<Event> ofIncident : byIncident.values()) {
            List<Event> inOrder = new ArrayList<>(ofIncident);
            inOrder.sort(Comparator.comparing((Event e) -> applied.get(e.id())).thenComparingLong(Event::sequence));
            for (int i = 1; i < inOrder.size(); i++) {
                if (inOrder.get(i).sequence() < inOrder.get(i - 1).sequence()) {
                    violations++;
                    problems.add(group + " applied " + inOrder.get(i).type() + " (sequence " + inOrder.get(i).sequence()
                            + ") of incident " + inOrder.get(i).incident() + " after sequence " + inOrder.get(i - 1).sequence());
                }
            }
        }
        return violations;
    }

    /** notification-service's stream feed stages case events in the order applied: per incident and source, sequences rise. */
    private static int streamFeedOrder(Set<UUID> incidents, List<String> problems) throws SQLException {
        int violations = 0;
        try (Connection c = connect(Service.NOTIFICATION); PreparedStatement ps = c.prepareStatement(
                "SELECT e.incident_id, e.source, e.sequence FROM case_event e JOIN stream_feed f ON f.event_id = e.event_id"
                        + " WHERE e.incident_id = ANY (?) ORDER BY f.entry")) {
            ps.setArray(1, c.createArrayOf("uuid", incidents.toArray()));
            Map<String, Long> last = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + " " + rs.getString(2);
                    long sequence = rs.getLong(3);
                    Long before = last.put(key, sequence);
                    if (before != null && sequence <= before) {
                        violations++;
                        problems.add("stream feed of " + key + ": sequence " + sequence + " staged after " + before);
                    }
                }
            }
        }
        return violations;
    }

    static Set<UUID> incidentsSince(Instant from) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (Connection c = connect(Service.INCIDENT);
                PreparedStatement ps = c.prepareStatement("SELECT id FROM incident WHERE reported_at >= ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    private static Map<UUID, Event> eventLog(Service producer, String topic, Set<UUID> incidents) throws SQLException {
        Map<UUID, Event> events = new LinkedHashMap<>();
        try (Connection c = connect(producer); PreparedStatement ps = c.prepareStatement(
                "SELECT event_id, aggregate_id, sequence, event_type FROM event_log WHERE topic = ? AND aggregate_id = ANY (?)"
                        + " ORDER BY position")) {
            ps.setString(1, topic);
            ps.setArray(2, c.createArrayOf("uuid", incidents.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    events.put(id, new Event(id, rs.getObject(2, UUID.class), rs.getLong(3), rs.getString(4), topic));
                }
            }
        }
        return events;
    }

    private static Map<UUID, Timestamp> processed(Service consumer, String topic, Set<UUID> eventIds) throws SQLException {
        Map<UUID, Timestamp> applied = new HashMap<>();
        try (Connection c = connect(consumer); PreparedStatement ps = c.prepareStatement(
                "SELECT event_id, processed_at FROM processed_event WHERE source_topic = ? AND event_id = ANY (?)")) {
            ps.setString(1, topic);
            ps.setArray(2, c.createArrayOf("uuid", eventIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied.put(rs.getObject(1, UUID.class), rs.getTimestamp(2));
                }
            }
        }
        return applied;
    }

    /** Events of the case's incidents that some consumer has not applied yet. */
    private static long unapplied(Instant from) throws SQLException {
        Set<UUID> incidents = incidentsSince(from);
        long missing = 0;
        for (Map.Entry<String, Service> p : PRODUCERS.entrySet()) {
            Set<UUID> ids = eventLog(p.getValue(), p.getKey(), incidents).keySet();
            for (Consumer c : CONSUMERS) {
                if (c.topic().equals(p.getKey())) {
                    missing += ids.size() - processed(c.service(), c.topic(), ids).size();
                }
            }
        }
        return missing;
    }

    /** Event-log rows not yet published (and not parked) in the three databases. */
    static long unpublished() throws SQLException {
        long n = 0;
        for (Service s : Service.values()) {
            try (Connection c = connect(s); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM event_log WHERE published_at IS NULL AND parked_at IS NULL");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    /** Records on the three topics that the platform's consumer groups have not committed yet. */
    static long lag() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            long lag = 0;
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
            for (Consumer c : CONSUMERS) {
                Map<TopicPartition, OffsetAndMetadata> offsets = committed.computeIfAbsent(c.group(), g -> {
                    try {
                        return admin.listConsumerGroupOffsets(g).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < LocalStack.PARTITIONS; p++) {
                    latest.put(new TopicPartition(c.topic(), p), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                for (var end : ends.entrySet()) {
                    OffsetAndMetadata at = offsets.get(end.getKey());
                    lag += end.getValue().offset() - (at == null ? 0 : at.offset());
                }
            }
            return lag;
        }
    }

    private boolean healthy() throws InterruptedException {
        for (Service s : Service.values()) {
            if (!ServiceLauncher.ready(port(s.url()))) {
                return false;
            }
        }
        for (String url : extraReadyUrls.get()) {
            if (!ServiceLauncher.ready(port(url))) {
                return false;
            }
        }
        return true;
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    static Connection connect(Service service) throws SQLException {
        return DriverManager.getConnection(SharedStack.stack().jdbcUrl(service.database()), LocalStack.DB_USER, LocalStack.DB_PASSWORD);
    }
}
