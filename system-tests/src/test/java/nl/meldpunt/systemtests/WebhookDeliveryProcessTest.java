package nl.meldpunt.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import nl.meldpunt.localstack.LocalStack;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Webhook delivery across real notification-service processes: two instances sharing one
 * database deliver every message once, and an instance killed in the middle of a retry schedule
 * loses nothing. Each test gives its instances a topic, consumer group and database of their own,
 * and a retry schedule in seconds.
 */
class WebhookDeliveryProcessTest {

    private final List<Instance> instances = new ArrayList<>();
    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();

    @AfterEach
    void stop() throws InterruptedException {
        for (Instance i : instances) {
            i.process().destroy();
        }
        for (Instance i : instances) {
            if (!i.process().waitFor(30, TimeUnit.SECONDS)) {
                i.process().destroyForcibly();
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void twoInstancesDeliverEveryMessageOnceToAReceiverThatAnswers2xx() throws Exception {
        Setup s = new Setup("webhooks-pair");
        startReceiver();
        instances.add(s.start("webhooks-pair-1"));
        instances.add(s.start("webhooks-pair-2"));
        subscribe(instances.get(0));

        int incidents = 300;
        ReportedIncidents.publish(s.topic, incidents);

        await("every message delivered").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> s.count("SELECT count(*) FROM webhook_message WHERE state = 'DELIVERED'") == incidents);
        assertEquals(incidents, Set.copyOf(received).size(), "one webhook-id per incident");
        assertEquals(incidents, received.size(), "no message was sent twice");
        for (Instance i : instances) {
            assertTrue(delivered(i) > 0, "both instances delivered: " + i.url() + " delivered " + delivered(i));
        }
    }

    @Test
    void anInstanceKilledInTheMiddleOfARetryScheduleLosesNothing() throws Exception {
        Setup s = new Setup("webhooks-kill");
        startReceiver();
        failing.set(true);
        instances.add(s.start("webhooks-kill-1"));
        subscribe(instances.get(0));

        int incidents = 40;
        ReportedIncidents.publish(s.topic, incidents);
        await("every message failed once").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> s.count("SELECT count(DISTINCT message) FROM webhook_attempt WHERE result = 'RETRY'") == incidents);

        Instance killed = instances.remove(0);
        killed.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        failing.set(false);
        instances.add(s.start("webhooks-kill-2"));

        await("every message delivered after the restart").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> s.count("SELECT count(*) FROM webhook_message WHERE state = 'DELIVERED'") == incidents);
        assertEquals(incidents, Set.copyOf(received).size(), "every incident's message arrived");
        assertEquals(0, s.count("SELECT count(*) FROM webhook_message WHERE state <> 'DELIVERED'"));
    }

    /** A topic, group and database of the test's own, and retries in seconds. */
    private static final class Setup {
        final String topic;
        final String database;
        final List<String> properties;

        Setup(String name) {
            topic = name + "-incident-events";
            database = name.replace('-', '_');
            properties = List.of(
                    "-Dmp.messaging.incoming.incident-events.topic=" + topic,
                    "-Dmp.messaging.incoming.incident-events.group.id=" + name,
                    "-Dmp.messaging.incoming.incident-events.dead-letter-queue.topic=" + name + ".dlq",
                    "-Dmp.messaging.incoming.investigation-events.topic=" + name + "-investigation-events",
                    "-Dmp.messaging.incoming.investigation-events.group.id=" + name,
                    "-Dmp.messaging.incoming.notification-events.topic=" + name + "-notification-events",
                    "-Dmp.messaging.incoming.notification-events.group.id=" + name,
                    "-Dmeldpunt.webhooks.schedule=0s,2s,2s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s",
                    "-Dmeldpunt.webhooks.jitter=0",
                    "-Dmeldpunt.webhooks.poll=250ms");
        }

        Instance start(String name) throws IOException {
            return RunningPlatform.startInstance(Service.NOTIFICATION, name, database, properties);
        }

        long count(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(SharedStack.stack().jdbcUrl(database), LocalStack.DB_USER,
                    LocalStack.DB_PASSWORD); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = failing.get() ? 503 : 204;
            if (status == 204) {
                received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            }
            exchange.sendResponseHeaders(status, -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
        });
        receiver.start();
    }

    private void subscribe(Instance instance) {
        RestAssured.given().baseUri(instance.url()).auth().oauth2(SharedStack.token("analyst")).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                        "filter", Map.of("types", List.of("incident.reported"))))
                .post("/subscriptions").then().statusCode(201);
    }

    private static final Pattern DELIVERED = Pattern.compile(
            "meldpunt_webhooks_deliveries_total\\{[^}]*result=\"DELIVERED\"[^}]*\\} ([0-9.E]+)");

    /** DELIVERED attempts this instance made, from its Prometheus metrics. */
    private static double delivered(Instance instance) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(instance.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = DELIVERED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

}
