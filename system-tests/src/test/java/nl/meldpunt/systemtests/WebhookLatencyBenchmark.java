package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import nl.meldpunt.contract.CloudEventHeaders;
import nl.meldpunt.contract.EventType;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Measures webhook delivery latency: from an event acknowledged by Kafka to the receiver's 2xx,
 * at a steady offered rate (an open model: each event is sent at its scheduled time, whatever the
 * previous one did). The events are {@code investigation.opened} by default, whose own processing
 * is one row, so the figure is the relay to webhooks; {@code -Dwebhook.event=incident} sends
 * {@code incident.reported} instead, which also opens seven obligations and so measures the
 * consumer's capacity as well. Prints percentiles; asserts only that every event arrived. Not part of
 * {@code mvn verify} (the name does not end in Test); run it on a quiet machine with
 *
 * <pre>
 * mvn -q -DskipTests package -pl notification-service -am
 * mvn verify -pl system-tests -Dtest=WebhookLatencyBenchmark -Dwebhook.rate=50 -Dwebhook.seconds=30 [-Dwebhook.event=incident]
 * </pre>
 */
class WebhookLatencyBenchmark {

    private static final Pattern EVENT_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @Test
    void webhookLatencyFromKafkaToTheReceiversAnswer() throws Exception {
        int rate = Integer.getInteger("webhook.rate", 50);
        int seconds = Integer.getInteger("webhook.seconds", 30);
        String name = "webhook-latency";
        boolean incidents = "incident".equals(System.getProperty("webhook.event", "investigation"));
        EventType type = incidents ? EventType.INCIDENT_REPORTED : EventType.INVESTIGATION_OPENED;
        String topic = name + (incidents ? "-incident-events" : "-investigation-events");
        List<String> properties = List.of(
                "-Dmp.messaging.incoming.incident-events.topic=" + name + "-incident-events",
                "-Dmp.messaging.incoming.incident-events.group.id=" + name,
                "-Dmp.messaging.incoming.incident-events.dead-letter-queue.topic=" + name + ".dlq",
                "-Dmp.messaging.incoming.investigation-events.topic=" + name + "-investigation-events",
                "-Dmp.messaging.incoming.investigation-events.group.id=" + name,
                "-Dmp.messaging.incoming.notification-events.topic=" + name + "-notification-events",
                "-Dmp.messaging.incoming.notification-events.group.id=" + name);

        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Long> answered = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = EVENT_ID.matcher(body);
            exchange.sendResponseHeaders(204, -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
            if (m.find()) {
                answered.putIfAbsent(m.group(1), System.nanoTime());
            }
        });
        receiver.start();
        // The topic exists before the consumer subscribes: a consumer finds a topic created later only
        // at its next metadata refresh, which would show up as a start-up delay in every figure.
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 6, (short) 1))).all().get();
            }
        }
        Instance instance = RunningPlatform.startInstance(Service.NOTIFICATION, name, name.replace('-', '_'), properties);
        try {
            RestAssured.given().baseUri(instance.url()).auth().oauth2(SharedStack.token("analyst")).contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                            "filter", Map.of("types", List.of(type.eventName()))))
                    .post("/subscriptions").then().statusCode(201);

            String example;
            try (InputStream in = EventType.class.getResourceAsStream(type.exampleResource())) {
                example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.stack().bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            int total = rate * seconds;
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                // Warm-up: a tenth of the run at the same rate (JIT, connection pools), then measure afresh.
                int warmUp = Math.max(50, total / 10);
                offer(producer, topic, example, type, incidents, warmUp, interval, acked);
                await().atMost(Duration.ofMinutes(3)).until(() -> answered.keySet().containsAll(acked.keySet()));
                acked.clear();
                answered.clear();
                offer(producer, topic, example, type, incidents, total, interval, acked);
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> answered.keySet().containsAll(acked.keySet()));
            assertEquals(total, acked.size());
            report(total, type, rate, acked, answered, name);
        } finally {
            instance.process().destroy();
            instance.process().waitFor(30, TimeUnit.SECONDS);
            receiver.stop(0);
        }
    }

    /** Sends {@code count} events, each at its scheduled time (an open model), recording when Kafka acknowledged each. */
    private static void offer(KafkaProducer<String, String> producer, String topic, String example, EventType type,
            boolean incidents, int count, long interval, Map<String, Long> acked) {
        {
            {
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    long due = start + i * interval;
                    // Parked, not spinning: the broker runs in this JVM and needs the cores.
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    UUID incident = UUID.randomUUID();
                    UUID eventId = UUID.randomUUID();
                    ProducerRecord<String, String> r = new ProducerRecord<>(topic, incident.toString(),
                            example.replace("0197e428-0f00-7a1c-8f3e-2d4b5c6a7b8c", incident.toString())
                                    .replace("0197e4a6-6aa8-7c3e-8f5a-4b6d7e8f9a0b", UUID.randomUUID().toString()));
                    CloudEventHeaders.binaryMode(eventId, "/meldpunt/" + (incidents ? "incident" : "investigation") + "-service",
                            type, incident,
                            Instant.now(), 1, null).forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                    producer.send(r, (meta, e) -> {
                        if (e == null) {
                            acked.put(eventId.toString(), System.nanoTime());
                        }
                    });
                }
                producer.flush();
            }
        }
    }

    private static void report(int total, EventType type, int rate, Map<String, Long> acked, Map<String, Long> answered,
            String name) throws java.sql.SQLException {
        {
            List<Long> micros = new ArrayList<>();
            acked.forEach((id, at) -> micros.add(TimeUnit.NANOSECONDS.toMicros(answered.get(id) - at)));
            Collections.sort(micros);
            System.out.printf("%nWebhook latency, Kafka ack to the receiver's 2xx, %d %s events at %d/s on %d cores:%n"
                    + "  p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms%n%n", total, type.eventName(), rate,
                    Runtime.getRuntime().availableProcessors(), pct(micros, 50), pct(micros, 90), pct(micros, 99),
                    micros.get(micros.size() - 1) / 1000.0);
            // Where the time went: consumed (the consumer's transaction began) to the message's delivery.
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(SharedStack.stack().jdbcUrl(name.replace('-', '_')),
                    nl.meldpunt.localstack.LocalStack.DB_USER, nl.meldpunt.localstack.LocalStack.DB_PASSWORD);
                    java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY "
                            + "extract(epoch FROM m.created_at - e.received_at)), percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP "
                            + "(ORDER BY extract(epoch FROM m.finished_at - m.created_at)) FROM webhook_message m "
                            + "JOIN case_event e ON e.event_id = m.event_id")) {
                rs.next();
                System.out.printf("  of which: consumed to recorded p50/p99 %s s; recorded to delivered p50/p99 %s s%n%n",
                        java.util.Arrays.toString((Object[]) rs.getArray(1).getArray()),
                        java.util.Arrays.toString((Object[]) rs.getArray(2).getArray()));
            }
        }
    }

    private static double pct(List<Long> sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1000.0;
    }

}
