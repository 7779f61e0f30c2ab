package nl.meldpunt.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM a service runs on, and the options that make it start fast and stay small.
 *
 * <p><b>Heap.</b> At most 384 MB, starting at 64 MB (the JVM's default initial heap is 1/64 of the
 * machine's memory), with the serial collector: a service's live data is tens of megabytes, its
 * young collections take milliseconds, and on a machine of few cores shared by three services,
 * PostgreSQL and Kafka, a collector without concurrent threads leaves the cores to the work. It is
 * what the JVM picks by itself in a container of under two cores or 1792 MB. Measured on the
 * 2-core development machine: about 25 MB less resident memory than G1 (docs/benchmarks.md).
 *
 * <p><b>Start-up cache.</b> Most of a service's start is the JVM loading and linking the same
 * thousands of classes every time. The first start of a build records them in a cache next to the
 * build ({@code target/quarkus-app/meldpunt-startup/}), written when that process exits; every later
 * start of the same build maps it in. The JDK picks the kind:
 * <ul>
 * <li>JDK 25 or newer: the AOT cache (JEP 483/514/515: loaded and linked classes and method profiles),
 * {@code -XX:AOTCacheOutput} then {@code -XX:AOTCache};</li>
 * <li>JDK 17 to 24: a dynamic AppCDS archive, {@code -XX:ArchiveClassesAtExit} then {@code -XX:SharedArchiveFile}.</li>
 * </ul>
 * Java 17 stays the minimum. Where the JDK running the launcher is older than 25 and a JDK 25 or
 * newer is installed beside it ({@code MELDPUNT_SERVICE_JAVA_HOME}, or under {@code /usr/lib/jvm}),
 * the services run on that one. The cache's name carries a fingerprint of the build and the JDK, so
 * a rebuilt service or another JDK never maps a stale cache. A cache is written under a name of its
 * own and moved into place when the process has exited, so two processes training at once cannot
 * leave a torn file. If the JVM refuses a cache it says so in the log and starts without it.
 *
 * <p><b>Packaging.</b> The services are packaged as Quarkus's {@code aot-jar}
 * ({@code quarkus.package.jar.type=aot-jar} in their application.properties): the same
 * {@code quarkus-run.jar} and directories as fast-jar, but its manifest puts the application, its
 * libraries and Quarkus's generated classes on the JVM's class path. A cache can only hold classes
 * loaded and linked ahead of time when the JVM's own class loaders load them; under fast-jar
 * Quarkus's class loader loads them, and the cache holds them at most parsed. Measured on the 2-core
 * machine, incident-service on JDK 25 became ready 1.4 s (calm) to 2.4 s (busy) sooner at the
 * median of paired starts; the recording start takes longer (docs/benchmarks.md "Start-up: AOT
 * packaging"). The plan says which of the two a build is ({@link #applicationOnClassPath}).
 */
public final class ServiceJvm {

    /** Most heap a service may use, as under {@code ./meldpunt up} since the first release. */
    public static final String MAX_HEAP = "-Xmx384m";
    public static final String INITIAL_HEAP = "-Xms64m";
    /** The serial collector: no concurrent GC threads competing for the few cores beside the others. */
    public static final String COLLECTOR = "-XX:+UseSerialGC";
    /** Set to {@code off} to start services without the start-up cache. */
    public static final String CACHE_SWITCH = "MELDPUNT_STARTUP_CACHE";
    public static final String JAVA_HOME_OVERRIDE = "MELDPUNT_SERVICE_JAVA_HOME";
    private static final String CACHE_DIRECTORY = "meldpunt-startup";
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final List<Path> JDK_DIRECTORIES = List.of(Path.of("/usr/lib/jvm"), Path.of("/opt/java"));
    /** Main class of a Quarkus aot-jar's {@code quarkus-run.jar}. */
    static final String AOT_JAR_ENTRY_POINT = "io.quarkus.bootstrap.runner.AotQuarkusEntryPoint";

    /** A JDK: its home and feature release (17, 21, 25, ...). */
    public record Jdk(Path home, int feature) {
        public String java() {
            return home.resolve("bin").resolve("java").toString();
        }
    }

    /**
     * What to start a service with: the java executable, its options, and what to do once it has
     * exited with the given exit status.
     */
    public record Plan(String java, List<String> options, IntConsumer afterExit, String describe) {
    }

    /** Exit status of a JVM killed with SIGKILL: whatever it was writing may be torn. */
    static final int KILLED = 128 + 9;

    private ServiceJvm() {
    }

    /** The JDK services run on: the override, else a JDK 25+ installed beside this one, else this one. */
    public static Jdk jdk(Map<String, String> env) {
        String override = env.get(JAVA_HOME_OVERRIDE);
        if (override != null && !override.isBlank()) {
            Path home = Path.of(override);
            return new Jdk(home, feature(home).orElseThrow(() -> new IllegalStateException(
                    JAVA_HOME_OVERRIDE + "=" + override + " is not a JDK (no release file with JAVA_VERSION)")));
        }
        Jdk current = new Jdk(Path.of(System.getProperty("java.home")), Runtime.version().feature());
        if (current.feature() >= 25) {
            return current;
        }
        return installed().stream().filter(j -> j.feature() >= 25 && Files.isExecutable(Path.of(j.java())))
                .max((a, b) -> Integer.compare(a.feature(), b.feature())).orElse(current);
    }

    /**
     * The plan for one start of a service from {@code quarkusApp} (its {@code target/quarkus-app}).
     *
     * @param cache whether to use (or record) the start-up cache
     */
    public static Plan plan(Path quarkusApp, Jdk jdk, boolean cache) {
        List<String> options = new ArrayList<>(List.of(MAX_HEAP, INITIAL_HEAP, COLLECTOR));
        if (!cache) {
            return new Plan(jdk.java(), options, status -> {
            }, "no start-up cache");
        }
        boolean aot = jdk.feature() >= 25;
        Path file = cacheFile(quarkusApp, jdk);
        Path dir = file.getParent();
        if (Files.isRegularFile(file)) {
            options.add((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + file);
            return new Plan(jdk.java(), options, status -> {
            }, "start-up cache " + file.getFileName() + coverage(quarkusApp));
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dropAbandonedDrafts(dir);
        Path draft = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".draft");
        options.add((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + draft);
        return new Plan(jdk.java(), options, status -> promote(draft, file, status != KILLED),
                "records a start-up cache at exit (" + file.getFileName() + ")" + coverage(quarkusApp));
    }

    private static String coverage(Path quarkusApp) {
        return applicationOnClassPath(quarkusApp) ? ", application classes included and linked"
                : ", application classes at most parsed: they are behind Quarkus's class loader (fast-jar); package as aot-jar";
    }

    /**
     * Whether the build at {@code quarkusApp} is an aot-jar, whose application classes the JVM's own
     * class loaders load (and a cache can therefore hold linked), read from {@code quarkus-run.jar}'s
     * manifest. Anything else (fast-jar, a missing or unreadable jar) counts as not.
     */
    static boolean applicationOnClassPath(Path quarkusApp) {
        try (JarFile jar = new JarFile(quarkusApp.resolve("quarkus-run.jar").toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest != null
                    && AOT_JAR_ENTRY_POINT.equals(manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a start-up cache of this build for this JDK is in place (the next start maps it in). */
    public static boolean cached(Path quarkusApp, Jdk jdk) {
        return Files.isRegularFile(cacheFile(quarkusApp, jdk));
    }

    /** Where the cache of this build for this JDK lives: named by the JDK's release and the build's fingerprint. */
    private static Path cacheFile(Path quarkusApp, Jdk jdk) {
        return quarkusApp.resolve(CACHE_DIRECTORY)
                .resolve("jdk" + jdk.feature() + "-" + fingerprint(quarkusApp, jdk) + (jdk.feature() >= 25 ? ".aot" : ".jsa"));
    }

    /**
     * Moves a cache written at exit into place; a draft of a process that was killed, which may be
     * torn, is dropped, and the next start records again.
     */
    static void promote(Path draft, Path file, boolean exitedCleanly) {
        try {
            if (exitedCleanly && Files.isRegularFile(draft) && Files.size(draft) > 0 && !Files.exists(file)) {
                try {
                    Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(draft, file);
                }
            }
            Files.deleteIfExists(draft);
            // The JDK 25 assembly step leaves its configuration beside the cache.
            Files.deleteIfExists(Path.of(draft + ".config"));
        } catch (IOException e) {
            // A cache is an optimisation: without it the next start is as slow as this one, nothing worse.
        }
    }

    /**
     * Removes drafts older than an hour: a draft appears only when its process exits, so one that
     * old was left by a launcher that ended before its service did and could not move it into place.
     */
    private static void dropAbandonedDrafts(Path dir) {
        long cutoff = System.currentTimeMillis() - 3_600_000;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().contains(".draft")).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // another launcher removed it first
                }
            });
        } catch (IOException e) {
            // nothing to clean
        }
    }

    /** The feature release of the JDK at {@code home}, read from its {@code release} file. */
    static Optional<Integer> feature(Path home) {
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<Jdk> installed() {
        List<Jdk> found = new ArrayList<>();
        for (Path dir : JDK_DIRECTORIES) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(dir)) {
                homes.forEach(home -> feature(home).ifPresent(f -> found.add(new Jdk(home, f))));
            } catch (IOException e) {
                // an unreadable directory holds no JDK we can use
            }
        }
        return found;
    }

    /** Names the build and the JDK: every file of the application with its size and time, and the JDK's home. */
    static String fingerprint(Path quarkusApp, Jdk jdk) {
        try (Stream<Path> files = Files.walk(quarkusApp)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(jdk.home().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            List<Path> sorted = files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(quarkusApp.resolve(CACHE_DIRECTORY)))
                    .sorted().toList();
            for (Path p : sorted) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                digest.update((quarkusApp.relativize(p) + ":" + a.size() + ":" + a.lastModifiedTime().toMillis() + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
