package nl.meldpunt.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the local stack, called by {@code ./meldpunt}.
 *
 * <pre>
 *   stack  [--data DIR]                  run Kafka (19092) and PostgreSQL (15432) until stopped
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

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        Path data = Path.of(option(rest, "--data", ".meldpunt"));
        String command = rest.isEmpty() ? "stack" : rest.remove(0);
        try {
            switch (command) {
                case "stack" -> runStack(data);
                case "token" -> token(data, rest);
                case "public-key" -> System.out.println(SigningKeys.loadOrCreate(data.resolve("keys")).publicKeyBase64());
                case "replay-dlq" -> replay(rest);
                case "listen" -> listen(data, rest);
                default -> fail("unknown command '" + command + "': use stack, token, public-key, replay-dlq or listen");
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

    private static void runStack(Path data) throws Exception {
        for (int port : new int[] {KAFKA_PORT, KAFKA_CONTROLLER_PORT, POSTGRES_PORT}) {
            if (Ports.inUse(port)) {
                fail("port " + port + " is already in use; is another Meldpunt running? Try ./meldpunt down");
            }
        }
        SigningKeys.loadOrCreate(data.resolve("keys"));
        long started = System.nanoTime();
        LocalStack stack = new LocalStack(new LocalStack.Settings(data.toAbsolutePath(), KAFKA_PORT, KAFKA_CONTROLLER_PORT,
                POSTGRES_PORT, true));
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
