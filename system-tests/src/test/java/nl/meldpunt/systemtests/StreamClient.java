package nl.meldpunt.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import nl.meldpunt.localstack.SharedStack;

/**
 * A client of notification-service's event stream that can drop its connection and resume from
 * the last position it saw with {@code Last-Event-ID}, as docs/streams.md tells clients to.
 */
final class StreamClient implements AutoCloseable {

    private static final Pattern SUBJECT = Pattern.compile("\"subject\":\"([0-9a-f-]{36})\"");

    /** One message received: its position and the incident it is about. */
    record Seen(long position, String incident) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final String url;
    private HttpResponse<Stream<String>> response;
    private Thread reader;
    private volatile long lastPosition = -1;
    int connections;

    StreamClient(String baseUrl, String types) {
        this.url = baseUrl + "/streams/events?types=" + types;
    }

    /** Connects: live from the head the first time, from the last position seen after that. */
    StreamClient connect() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + SharedStack.token("analyst")).header("Accept", "text/event-stream");
        if (lastPosition >= 0) {
            request.header("Last-Event-ID", Long.toString(lastPosition));
        }
        HttpResponse<Stream<String>> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the stream answered " + r.statusCode());
        }
        response = r;
        connections++;
        reader = new Thread(() -> read(r), "fault-stream-" + connections);
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    private void read(HttpResponse<Stream<String>> r) {
        Long position = null;
        try {
            for (String line : (Iterable<String>) r.body()::iterator) {
                if (line.startsWith("id:")) {
                    position = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("data:") && position != null) {
                    Matcher m = SUBJECT.matcher(line);
                    if (m.find()) {
                        seen.add(new Seen(position, m.group(1)));
                    }
                    lastPosition = position;
                    position = null;
                }
            }
        } catch (UncheckedIOException e) {
            // the connection was dropped: by the test, or by the server
        }
    }

    /** Drops the connection, as a client losing its network would; what was read before the drop counts. */
    void disconnect() throws InterruptedException {
        if (response != null) {
            response.body().close();
            response = null;
            reader.join(10_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        disconnect();
    }
}
