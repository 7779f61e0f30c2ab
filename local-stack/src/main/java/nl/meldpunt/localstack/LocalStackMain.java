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
                default -> fail("unknown command '" + command + "': use stack, token, public-key or replay-dlq");
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
