package nl.meldpunt.notification.stream;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;

/** A test's Server-Sent Events client: reads a stream on a thread of its own and keeps every message. */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One message: {@code id}, {@code event} and {@code data} as sent (comments are counted, not kept). */
    public record Message(String id, String event, String data) {
        public long position() {
            return Long.parseLong(id);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError(data, e);
            }
        }

        public String eventId() {
            return json().path("id").asText();
        }
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile boolean ended;
    private volatile Stream<String> lines;
    private final Thread reader;

    private SseClient(HttpRequest request) {
        reader = new Thread(() -> read(request), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code /streams/events} with the query (e.g. {@code types=incident.*}) and headers given. */
    public static SseClient open(String query, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/streams/events"
                + (query == null || query.isEmpty() ? "" : "?" + query))).header("Accept", "text/event-stream");
        headers.forEach(b::header);
        SseClient c = new SseClient(b.GET().build());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.status != 0);
        return c;
    }

    public static SseClient withToken(String token, String query) {
        return open(query, Map.of("Authorization", "Bearer " + token));
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            lines = response.body();
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (event != null || data.length() > 0) {
                        messages.add(new Message(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (status == 0) {
                status = -1;
            }
        } finally {
            ended = true;
        }
    }

    public int status() {
        return status;
    }

    public boolean ended() {
        return ended;
    }

    public List<Message> messages() {
        return new ArrayList<>(messages);
    }

    public List<Message> events() {
        return messages.stream().filter(m -> m.id() != null && !"reset".equals(m.event())).toList();
    }

    public List<String> comments() {
        return new ArrayList<>(comments);
    }

    /** Waits for a message that matches and returns it. */
    public Message await(Predicate<Message> matching) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> messages.stream().anyMatch(matching));
        return messages.stream().filter(matching).findFirst().orElseThrow();
    }

    public Message awaitEvent(String eventId) {
        return await(m -> m.id() != null && m.data() != null && m.data().contains(eventId) && eventId.equals(m.eventId()));
    }

    public Optional<Message> find(Predicate<Message> matching) {
        return messages.stream().filter(matching).findFirst();
    }

    public long lastPosition() {
        List<Message> e = events();
        return e.isEmpty() ? -1 : e.get(e.size() - 1).position();
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
        reader.interrupt();
    }
}
