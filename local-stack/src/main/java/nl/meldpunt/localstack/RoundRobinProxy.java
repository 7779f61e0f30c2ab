package nl.meldpunt.localstack;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one port of a service run as several instances by {@code ./meldpunt up --instances N}: each
 * new TCP connection goes to the next instance in turn, the way a Kubernetes Service spreads
 * connections over pods. It copies bytes both ways as they arrive and never looks inside, so a
 * server-sent event stream ({@code /streams/events}) reaches the client at once, and a kept-alive
 * connection stays with its instance (as it would behind a Service).
 *
 * <p>An instance that refuses the connection (it is starting or being restarted) is skipped; when
 * none accepts, the client gets a 503 problem. For trying scale-out on one machine, not for
 * production: there, the platform's load balancer does this.
 */
public final class RoundRobinProxy implements Closeable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final String name;
    private final List<Integer> instancePorts;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong[] connections;
    private volatile boolean closed;

    /** Listens on {@code port} (all interfaces, as a service does) for the instances on {@code instancePorts}. */
    public RoundRobinProxy(String name, int port, List<Integer> instancePorts) throws IOException {
        this.name = name;
        this.instancePorts = List.copyOf(instancePorts);
        this.connections = new AtomicLong[instancePorts.size()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new AtomicLong();
        }
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(port), 200);
        // Two copying threads per open connection: an open SSE stream holds its two as long as it lasts.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "proxy-" + name);
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections handed to each instance so far, in the order of the instance ports. */
    public long[] connections() {
        long[] counts = new long[connections.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = connections[i].get();
        }
        return counts;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            threads.execute(() -> forward(client));
        }
    }

    private void forward(Socket client) {
        int first = Math.floorMod(next.getAndIncrement(), instancePorts.size());
        for (int i = 0; i < instancePorts.size(); i++) {
            int index = (first + i) % instancePorts.size();
            Socket instance = new Socket();
            try {
                instance.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), instancePorts.get(index)),
                        CONNECT_TIMEOUT_MILLIS);
            } catch (IOException refused) {
                closeQuietly(instance);
                continue;
            }
            connections[index].incrementAndGet();
            try {
                // Small writes (one event) go out at once rather than waiting to be coalesced.
                client.setTcpNoDelay(true);
                instance.setTcpNoDelay(true);
            } catch (SocketException e) {
                // only a latency tweak
            }
            AtomicInteger directionsDone = new AtomicInteger();
            threads.execute(() -> pump(instance, client, directionsDone));
            pump(client, instance, directionsDone);
            return;
        }
        refuse(client);
    }

    /**
     * Copies one direction until its end, then passes the end on (half-close), so requests and
     * streams finish as they would directly; the second direction to end closes the connection.
     */
    private static void pump(Socket from, Socket to, AtomicInteger directionsDone) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: so does the whole connection
            closeQuietly(from);
            closeQuietly(to);
            return;
        }
        if (directionsDone.incrementAndGet() == 2) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void refuse(Socket client) {
        String body = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"no instance of " + name + " accepts connections now; see ./meldpunt status\"}";
        String response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        try (client) {
            client.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
            // Read the request to its end before closing: closing with unread bytes would reset
            // the connection, and the client might lose the answer.
            client.shutdownOutput();
            client.setSoTimeout(5_000);
            client.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client left already
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
