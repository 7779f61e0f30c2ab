package nl.meldpunt.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the local stack, called by {@code ./meldpunt}.
 *
 * <pre>
 *   stack  [--data DIR] [--kafka-port P] [--controller-port P] [--postgres-port P]
 *                                        run Kafka (19092) and PostgreSQL (15432) until stopped
 *   up     [--data DIR] [--instances N] [--http-port P] [--kafka-port P] [--controller-port P]
 *          [--postgres-port P] [--ready-timeout S]
 *                                        run the stack and the services, supervised, until stopped (TERM);
 *                                        the services listen on P (8081), P+1 and P+2
 *   token  ROLE [--authority X] [--data DIR]   print a bearer token
 *   public-key [--data DIR]              print the token verification key
 *   replay-dlq TOPIC [--bootstrap HOST:PORT]   put a dead-letter topic's records back on their topic
 *   listen [--role R] [--authority X] [--port P] [--incident ID] [--types a,b] [--min-severity S]
 *          [--service URL] [--data DIR]    subscribe a local webhook receiver and print verified deliveries
 * </pre>
 */
public final class LocalStackMain {

    public static final int KAFKA_PORT = 19092;
    public static final int KAFKA_CONTROLLER_PORT = 19093;
    public static final int POSTGRES_PORT = 15432;
    /** incident-service's port under {@code ./meldpunt up}; investigation-service and notification-service follow. */
    public static final int HTTP_PORT = 8081;

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        Path data = Path.of(option(rest, "--data", ".meldpunt"));
        String command = rest.isEmpty() ? "stack" : rest.remove(0);
        try {
            switch (command) {
                case "stack" -> runStack(data, rest);
                case "up" -> up(data, rest);
                case "token" -> token(data, rest);
                case "public-key" -> System.out.println(SigningKeys.loadOrCreate(data.resolve("keys")).publicKeyBase64());
                case "replay-dlq" -> replay(rest);
                case "listen" -> listen(data, rest);
                default -> fail("unknown command '" + command + "': use stack, up, token, public-key, replay-dlq or listen");
            }
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    private static void token(Path data, List<String> rest) {
        String authority = option(rest, "--authority", null);
        if (rest.size() != 1) {
            fail("usage: ./meldpunt token <" + String.join("|", Tokens.ROLES) + "> [--authority "
                    + String.join("|", Tokens.AUTHORITIES) + "]");
        }
        // Checked before the keys are touched: a refused token leaves nothing behind.
        Tokens.Claims claims = Tokens.Claims.of(rest.get(0), authority);
        System.out.println(new Tokens(SigningKeys.loadOrCreate(data.resolve("keys"))).mint(claims));
    }

    private static void listen(Path data, List<String> rest) throws Exception {
        String role = option(rest, "--role", "analyst");
        String authority = option(rest, "--authority", null);
        int port = Integer.parseInt(option(rest, "--port", "0"));
        String service = option(rest, "--service", "http://localhost:8083");
        java.util.Map<String, Object> filter = WebhookListener.filter(option(rest, "--incident", null), option(rest, "--types", null),
                option(rest, "--filter-authority", null), option(rest, "--min-severity", null));
        if (!rest.isEmpty()) {
            fail("usage: ./meldpunt listen [--role analyst|viewer|investigator] [--authority X] [--port P] [--incident ID] "
                    + "[--types incident.*,obligation.*] [--filter-authority X] [--min-severity HIGH]");
        }
        String token = new Tokens(SigningKeys.loadOrCreate(data.resolve("keys"))).mint(Tokens.Claims.of(role, authority));
        new WebhookListener(System.out).run(service, token, port, filter);
    }

    private static void replay(List<String> rest) {
        String bootstrap = option(rest, "--bootstrap", "localhost:" + KAFKA_PORT);
        if (rest.size() != 1) {
            fail("usage: ./meldpunt replay-dlq <dead-letter topic> [--bootstrap host:port]; dead-letter topics: "
                    + String.join(", ", LocalStack.DEAD_LETTER_TOPICS));
        }
        int replayed = DeadLetterReplay.replay(bootstrap, rest.get(0));
        System.out.printf("replayed %d record(s) from %s onto %s%n", replayed, rest.get(0), DeadLetterReplay.originOf(rest.get(0)));
    }

    /**
     * {@code ./meldpunt up} after its checks and the build: everything else of it happens here, in
     * {@link Supervisor}. The script runs this in the background and turns Ctrl-C into TERM, which
     * stops the services and then the stack through the shutdown hook.
     */
    private static void up(Path data, List<String> rest) throws Exception {
        int instances = intOption(rest, "--instances", 1);
        int httpPort = intOption(rest, "--http-port", HTTP_PORT);
        int kafkaPort = intOption(rest, "--kafka-port", KAFKA_PORT);
        int controllerPort = intOption(rest, "--controller-port", KAFKA_CONTROLLER_PORT);
        int postgresPort = intOption(rest, "--postgres-port", POSTGRES_PORT);
        int readyTimeout = intOption(rest, "--ready-timeout", 120);
        if (!rest.isEmpty()) {
            fail("unknown option(s) for up: " + String.join(" ", rest));
        }
        Supervisor supervisor = new Supervisor(new Supervisor.Settings(ServiceLauncher.repositoryRoot(Path.of("")), data,
                instances, kafkaPort, controllerPort, postgresPort, List.of(httpPort, httpPort + 1, httpPort + 2),
                Duration.ofSeconds(readyTimeout),
                Duration.ofSeconds(30)), System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close, "meldpunt-stop"));
        try {
            supervisor.start();
        } catch (Supervisor.StartFailure | IOException | IllegalStateException e) {
            // IllegalStateException: a service's jar is missing
            System.err.println("meldpunt: " + e.getMessage());
            supervisor.close();
            System.exit(1);
        }
        System.out.println(supervisor.welcome());
        supervisor.watch();
        new CountDownLatch(1).await(); // until TERM: the shutdown hook stops everything
    }

    private static void runStack(Path data, List<String> rest) throws Exception {
        int kafkaPort = intOption(rest, "--kafka-port", KAFKA_PORT);
        int controllerPort = intOption(rest, "--controller-port", KAFKA_CONTROLLER_PORT);
        int postgresPort = intOption(rest, "--postgres-port", POSTGRES_PORT);
        for (int port : new int[] {kafkaPort, controllerPort, postgresPort}) {
            if (Ports.inUse(port)) {
                fail("port " + port + " is already in use; is another Meldpunt running? Try ./meldpunt down");
            }
        }
        SigningKeys.loadOrCreate(data.resolve("keys"));
        long started = System.nanoTime();
        LocalStack stack = new LocalStack(new LocalStack.Settings(data.toAbsolutePath(), kafkaPort, controllerPort,
                postgresPort, true));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        stack.start();
        Path ready = data.resolve("stack.ready");
        Files.writeString(ready, stack.bootstrapServers() + " " + stack.jdbcUrl("") + "\n");
        System.out.printf("local stack ready in %d ms: Kafka %s, PostgreSQL %s%n",
                (System.nanoTime() - started) / 1_000_000, stack.bootstrapServers(), stack.jdbcUrl(""));
        stopped.await();
    }

    private static int intOption(List<String> args, String name, int fallback) {
        String value = option(args, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not '" + value + "'");
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            fail(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static void fail(String message) {
        System.err.println("meldpunt: " + message);
        System.exit(2);
    }
}
