package nl.meldpunt.notification.stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.notification.CaseEvents;
import nl.meldpunt.notification.IncidentFacts;

/** A client that stops reading is closed with a reason once its bounded buffer stays full. */
@QuarkusTest
@TestProfile(SlowClientTest.SmallBuffer.class)
class SlowClientTest {

    /** Four messages in flight, one second of grace: the figures production has, made small. */
    public static class SmallBuffer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meldpunt.streams.buffer", "4", "meldpunt.streams.slow-grace", "1s");
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAsSlowWithAReasonAndCounted() throws IOException {
        double before = closedSlow();
        IncidentFacts lab = IncidentFacts.referenceCase();
        try (Socket socket = new Socket()) {
            // A tiny receive window, and this client reads nothing until the end.
            socket.setReceiveBufferSize(1024);
            socket.connect(new InetSocketAddress("localhost", RestAssured.port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /streams/events?incidentId=" + lab.id + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + SharedStack.token("analyst") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> openStreams() >= 1);

            // Events of 200 KB each: far more than the network between them holds.
            lab.summary = "x".repeat(200_000);
            CaseEvents.reported(lab);
            for (int i = 0; i < 40; i++) {
                CaseEvents.updated(lab.next(Instant.parse("2025-07-06T10:00:00Z").plusSeconds(i)), "summary");
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> closedSlow() > before);

            // Now it reads: what was queued, then the reason, then the end of the response.
            socket.setSoTimeout(60_000);
            String tail = readToEnd(socket.getInputStream());
            assertTrue(tail.contains("event: end") || tail.contains("event:end"), "an end message");
            assertTrue(tail.contains("\"reason\":\"slow-consumer\""), "naming the reason");
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            all.write(buffer, 0, n);
            String s = all.toString(StandardCharsets.UTF_8);
            // A chunked response ends with a zero-length chunk.
            if (s.endsWith("\r\n0\r\n\r\n")) {
                break;
            }
        }
        String s = all.toString(StandardCharsets.UTF_8);
        return s.substring(Math.max(0, s.length() - 2000));
    }

    private static double metric(String name) {
        return given().get("/q/metrics").asString().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static double closedSlow() {
        return metric("meldpunt_streams_closed_slow_total");
    }

    private static double openStreams() {
        return metric("meldpunt_streams_open");
    }
}
