package nl.meldpunt.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one port in front of a service's instances under {@code ./meldpunt up --instances N}, with real sockets. */
class RoundRobinProxyTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** An instance that reads one line and answers {@code <name> got <line>}, then closes. */
    private int instance(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    s.getOutputStream().write((name + " got " + line + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private RoundRobinProxy proxy(List<Integer> instancePorts) throws IOException {
        RoundRobinProxy proxy = new RoundRobinProxy("incident-service", Ports.free(), instancePorts);
        open.add(proxy);
        return proxy;
    }

    private static String ask(int port, String line) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    @Test
    void eachNewConnectionGoesToTheNextInstanceInTurnAndCarriesTheRequestAndTheAnswer() throws IOException {
        RoundRobinProxy proxy = proxy(List.of(instance("first"), instance("second")));

        List<String> answers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            answers.add(ask(proxy.port(), "request " + i));
        }

        assertEquals(List.of("first got request 1", "second got request 2", "first got request 3", "second got request 4"), answers);
        assertArrayEquals(new long[] {2, 2}, proxy.connections());
    }

    @Test
    void anInstanceThatRefusesConnectionsIsSkipped() throws IOException {
        int restarting = Ports.free(); // nothing listens there, as while an instance restarts
        RoundRobinProxy proxy = proxy(List.of(restarting, instance("up")));

        for (int i = 1; i <= 3; i++) {
            assertEquals("up got request " + i, ask(proxy.port(), "request " + i));
        }
        assertArrayEquals(new long[] {0, 3}, proxy.connections());
    }

    @Test
    void whenNoInstanceAcceptsTheClientGetsAServiceUnavailableProblem() throws IOException {
        RoundRobinProxy proxy = proxy(List.of(Ports.free(), Ports.free()));

        String answer = ask(proxy.port(), "GET /incidents HTTP/1.1");

        assertTrue(answer.startsWith("HTTP/1.1 503 Service Unavailable"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertTrue(answer.contains("no instance of incident-service accepts connections now"), answer);
    }

    /**
     * An event stream's instance writes one event and then waits for the next: the client must get
     * the first event now, not when the instance writes more or closes.
     */
    @Test
    void bytesReachTheClientAsTheInstanceWritesThemSoAnEventStreamIsNotHeldBack() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        CountDownLatch firstEventSeen = new CountDownLatch(1);
        Thread stream = new Thread(() -> {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (firstEventSeen.await(30, TimeUnit.SECONDS)) {
                    out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException | InterruptedException e) {
                // the test fails on its side
            }
        });
        stream.setDaemon(true);
        stream.start();
        RoundRobinProxy proxy = proxy(List.of(server.getLocalPort()));

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String first;
            try {
                first = in.readLine();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the first event did not pass the proxy while the stream stayed open", e);
            }
            assertEquals("data: first", first);
            firstEventSeen.countDown();
            assertEquals("", in.readLine());
            assertEquals("data: second", in.readLine());
        }
    }
}
