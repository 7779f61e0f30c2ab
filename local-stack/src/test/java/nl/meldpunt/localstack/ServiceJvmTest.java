package nl.meldpunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJvmTest {

    @TempDir
    Path app;

    private static final ServiceJvm.Jdk JDK17 = new ServiceJvm.Jdk(Path.of("/jdk17"), 17);
    private static final ServiceJvm.Jdk JDK25 = new ServiceJvm.Jdk(Path.of("/jdk25"), 25);

    private void build(String content) throws IOException {
        Files.writeString(app.resolve("quarkus-run.jar"), content);
        Files.createDirectories(app.resolve("lib"));
        Files.writeString(app.resolve("lib/a.jar"), "library");
    }

    /** A quarkus-run.jar as Quarkus writes it: a manifest only, naming the entry point. */
    private void runnerJar(String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "app/service.jar lib/main/a.jar");
        try (OutputStream out = Files.newOutputStream(app.resolve("quarkus-run.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }

    private static String option(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).findFirst().orElse(null);
    }

    @Test
    void theFirstStartOfABuildRecordsACacheUnderADraftNameAndTheNextStartUsesIt() throws IOException {
        build("v1");
        ServiceJvm.Plan first = ServiceJvm.plan(app, JDK17, true);
        String record = option(first.options(), "-XX:ArchiveClassesAtExit=");
        assertTrue(record != null && record.endsWith(".draft"), first.options().toString());
        assertTrue(first.options().containsAll(List.of("-Xmx384m", "-Xms64m")), first.options().toString());

        // The JVM writes the draft at exit; the launcher moves it into place once the process has gone.
        Files.writeString(Path.of(record.substring(record.indexOf('=') + 1)), "archive");
        first.afterExit().accept(143);

        ServiceJvm.Plan second = ServiceJvm.plan(app, JDK17, true);
        String use = option(second.options(), "-XX:SharedArchiveFile=");
        assertTrue(use != null && use.endsWith(".jsa"), second.options().toString());
        assertEquals("archive", Files.readString(Path.of(use.substring(use.indexOf('=') + 1))));
        assertEquals(null, option(second.options(), "-XX:ArchiveClassesAtExit="));
    }

    @Test
    void onJdk25TheAotCacheIsRecordedAndUsed() throws IOException {
        build("v1");
        ServiceJvm.Plan first = ServiceJvm.plan(app, JDK25, true);
        String record = option(first.options(), "-XX:AOTCacheOutput=");
        assertTrue(record != null, first.options().toString());
        Files.writeString(Path.of(record.substring(record.indexOf('=') + 1)), "aot");
        first.afterExit().accept(143);
        assertTrue(option(ServiceJvm.plan(app, JDK25, true).options(), "-XX:AOTCache=").endsWith(".aot"));
    }

    @Test
    void aProcessThatDiedBeforeWritingItsCacheLeavesNothingAndTheNextStartRecordsAgain() throws IOException {
        build("v1");
        ServiceJvm.plan(app, JDK17, true).afterExit().accept(143);
        assertTrue(option(ServiceJvm.plan(app, JDK17, true).options(), "-XX:ArchiveClassesAtExit=") != null);
    }

    @Test
    void theDraftOfAKilledProcessIsDroppedForItMayBeTorn() throws IOException {
        build("v1");
        ServiceJvm.Plan first = ServiceJvm.plan(app, JDK17, true);
        String record = option(first.options(), "-XX:ArchiveClassesAtExit=");
        Path draft = Path.of(record.substring(record.indexOf('=') + 1));
        Files.writeString(draft, "half an archive");
        first.afterExit().accept(137);
        assertFalse(Files.exists(draft));
        assertTrue(option(ServiceJvm.plan(app, JDK17, true).options(), "-XX:ArchiveClassesAtExit=") != null,
                "the next start records again");
    }

    @Test
    void aRebuiltServiceOrAnotherJdkNeverMapsTheOldCache() throws IOException {
        build("v1");
        String before = ServiceJvm.fingerprint(app, JDK17);
        assertNotEquals(before, ServiceJvm.fingerprint(app, new ServiceJvm.Jdk(Path.of("/other-jdk17"), 17)));
        Files.writeString(app.resolve("lib/a.jar"), "library, rebuilt");
        Files.setLastModifiedTime(app.resolve("lib/a.jar"), FileTime.from(Instant.now().plusSeconds(5)));
        assertNotEquals(before, ServiceJvm.fingerprint(app, JDK17));
    }

    @Test
    void withoutTheCacheOnlyTheHeapAndCollectorAreSet() throws IOException {
        build("v1");
        ServiceJvm.Plan plan = ServiceJvm.plan(app, JDK25, false);
        assertEquals(List.of("-Xmx384m", "-Xms64m", "-XX:+UseSerialGC"), plan.options());
        assertFalse(Files.exists(app.resolve("meldpunt-startup")));
    }

    @Test
    void anAotJarBuildIsKnownToHaveItsApplicationClassesInTheCache() throws IOException {
        runnerJar(ServiceJvm.AOT_JAR_ENTRY_POINT);
        assertTrue(ServiceJvm.applicationOnClassPath(app));
        ServiceJvm.Plan plan = ServiceJvm.plan(app, JDK25, true);
        assertTrue(plan.describe().contains("application classes included and linked"), plan.describe());
    }

    @Test
    void aFastJarBuildIsNamedAsOneWhoseCacheCannotHoldTheApplicationLinked() throws IOException {
        runnerJar("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        assertFalse(ServiceJvm.applicationOnClassPath(app));
        ServiceJvm.Plan plan = ServiceJvm.plan(app, JDK25, true);
        assertTrue(plan.describe().contains("at most parsed") && plan.describe().contains("fast-jar"), plan.describe());
    }

    @Test
    void aMissingOrUnreadableRunnerJarCountsAsNotAnAotJar() throws IOException {
        assertFalse(ServiceJvm.applicationOnClassPath(app), "no quarkus-run.jar at all");
        build("not a jar");
        assertFalse(ServiceJvm.applicationOnClassPath(app));
    }

    @Test
    void everyServiceIsPackagedAsAnAotJarSoItsCacheCanHoldItsClasses() throws IOException {
        // The repository root, from local-stack, where Maven runs this test.
        Path root = Path.of("").toAbsolutePath().getParent();
        for (String service : List.of("incident-service", "investigation-service", "notification-service")) {
            Properties properties = new Properties();
            try (var in = Files.newBufferedReader(root.resolve(service).resolve("src/main/resources/application.properties"))) {
                properties.load(in);
            }
            assertEquals("aot-jar", properties.getProperty("quarkus.package.jar.type"), service);
        }
    }

    @Test
    void anExplicitJavaHomeWinsAndMustBeAJdk(@TempDir Path jdk) throws IOException {
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21.0.4\"\n");
        ServiceJvm.Jdk chosen = ServiceJvm.jdk(Map.of(ServiceJvm.JAVA_HOME_OVERRIDE, jdk.toString()));
        assertEquals(21, chosen.feature());
        assertEquals(jdk.resolve("bin/java").toString(), chosen.java());
    }

    @Test
    void theJdkRunningTheLauncherIsUsedWhenNoNewerOneIsInstalledOrItIsNewEnough() {
        ServiceJvm.Jdk chosen = ServiceJvm.jdk(Map.of());
        assertTrue(chosen.feature() >= Runtime.version().feature(), "never an older JDK than the launcher's: " + chosen);
    }
}
