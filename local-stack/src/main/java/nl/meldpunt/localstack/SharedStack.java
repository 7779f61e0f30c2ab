package nl.meldpunt.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One stack per test JVM, on free ports in a temporary directory, with a freshly generated
 * signing key. Started on first use and stopped when the JVM exits.
 */
public final class SharedStack {

    private static LocalStack stack;
    private static Tokens tokens;
    private static SigningKeys keys;
    private static Path directory;

    private SharedStack() {
    }

    public static synchronized LocalStack stack() {
        if (stack == null) {
            try {
                Path dir = Files.createTempDirectory("meldpunt-test-stack");
                LocalStack s = new LocalStack(LocalStack.Settings.onFreePorts(dir)).start();
                // Stored as ./meldpunt stores them, so that `MELDPUNT_TOKEN_DATA=<directory> ./meldpunt token`
                // mints tokens this stack's services accept (the walkthrough test does).
                keys = SigningKeys.loadOrCreate(dir.resolve("keys"));
                tokens = new Tokens(keys);
                directory = dir;
                stack = s;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    s.close();
                    deleteQuietly(dir);
                }, "meldpunt-test-stack-stop"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return stack;
    }

    public static synchronized Tokens tokens() {
        stack();
        return tokens;
    }

    public static synchronized SigningKeys keys() {
        stack();
        return keys;
    }

    /** The stack's data directory; its {@code keys/} hold the signing key pair, laid out as in {@code .meldpunt/}. */
    public static synchronized Path directory() {
        stack();
        return directory;
    }

    /** A bearer token for the role, signed with this JVM's key. */
    public static String token(String role) {
        return tokens().mint(role, null);
    }

    public static String token(String role, String authority) {
        return tokens().mint(role, authority);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary directory; the OS cleans it up otherwise
        }
    }
}
