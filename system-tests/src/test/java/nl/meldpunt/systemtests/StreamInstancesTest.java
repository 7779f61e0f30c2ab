package nl.meldpunt.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Instance;
import nl.meldpunt.systemtests.RunningPlatform.Service;

/**
 * Two notification-service instances share the database and the consumer group, so each consumes
 * only some partitions. A stream on either shows every event, at the same positions.
 */
@ExtendWith(RunningPlatform.class)
class StreamInstancesTest {

    private static final Pattern SUBJECT = Pattern.compile("\"subject\":\"([0-9a-f-]{36})\"");

    /** {@code position subject} per incident.reported message, in the order received. */
    private static final class OpenStream {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final HttpResponse<Stream<String>> response;

        OpenStream(String baseUrl) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/streams/events?types=incident.reported"))
                    .header("Authorization", "Bearer " + SharedStack.token("analyst")).header("Accept", "text/event-stream").build();
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            Thread t = new Thread(() -> {
                String id = null;
                try {
                    for (String line : (Iterable<String>) response.body()::iterator) {
                        if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("data:")) {
                            Matcher m = SUBJECT.matcher(line);
                            if (m.find()) {
                                seen.add(id + " " + m.group(1));
                            }
                        }
                    }
                } catch (UncheckedIOException e) {
                    // closed by the test
                }
            }, "instances-stream");
            t.setDaemon(true);
            t.start();
        }
    }

    @Test
    void aStreamOnEitherInstanceShowsEveryEventAtTheSamePositions() throws Exception {
        Instance second = RunningPlatform.startInstance(Service.NOTIFICATION, "notification-second",
                Service.NOTIFICATION.database(), List.of());
        try {
            OpenStream onFirst = new OpenStream(RunningPlatform.url(Service.NOTIFICATION));
            OpenStream onSecond = new OpenStream(second.url());
            List<String> reported = new ArrayList<>();
            String body = Files.readString(RunningPlatform.repositoryRoot().resolve("docs/examples/clinical-diagnostics.json"));
            for (int i = 0; i < 8; i++) {
                reported.add(given().baseUri(RunningPlatform.url(Service.INCIDENT)).auth().oauth2(SharedStack.token("analyst"))
                        .contentType(ContentType.JSON).body(body).post("/incidents").then().statusCode(201).extract().path("id"));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> reported.stream().allMatch(id -> contains(onFirst, id))
                    && reported.stream().allMatch(id -> contains(onSecond, id)));
            assertEquals(onFirst.seen, onSecond.seen, "the same events at the same positions, each once");
            onFirst.response.body().close();
            onSecond.response.body().close();
        } finally {
            second.process().destroy();
            if (!second.process().waitFor(30, TimeUnit.SECONDS)) {
                second.process().destroyForcibly();
            }
        }
    }

    private static boolean contains(OpenStream s, String incidentId) {
        return s.seen.stream().anyMatch(e -> e.endsWith(" " + incidentId));
    }
}
