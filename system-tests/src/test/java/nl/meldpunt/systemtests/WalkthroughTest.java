package nl.meldpunt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.meldpunt.localstack.SharedStack;
import nl.meldpunt.systemtests.RunningPlatform.Service;
import nl.meldpunt.systemtests.Walkthrough.Step;

/**
 * Plays {@code docs/walkthrough.md} as a reader would: every {@code bash} block of the page, in
 * order, pasted into one bash process (so its variables carry over), against the three services
 * running as real processes. Each block must print what the page shows after it.
 *
 * <p>The page's first block reads the service URLs from {@code MELDPUNT_*_API} when set (else the
 * ports of {@code ./meldpunt up}), and {@code ./meldpunt token} signs with the keys of the test's
 * stack through {@code MELDPUNT_TOKEN_DATA}. Nothing else differs from a reader's shell. The
 * page's own polling loops do the waiting; this test only waits for the shell to finish.
 */
@ExtendWith(RunningPlatform.class)
class WalkthroughTest {

    private static final Path PAGE = RunningPlatform.repositoryRoot().resolve("docs/walkthrough.md");
    private static final long TIMEOUT_MINUTES = 15;
    private static final String MARKER = "@@@walkthrough-block ";
    private static final Pattern MARKER_LINE = Pattern.compile("\n?" + Pattern.quote(MARKER) + "(\\d+)@@@\n");

    @Test
    void everyCommandOfTheWalkthroughPrintsWhatThePageShowsAgainstTheRunningPlatform() throws Exception {
        List<Step> steps = Walkthrough.steps(Files.readString(PAGE));
        assertTrue(steps.size() >= 20, "the walkthrough has only " + steps.size() + " bash blocks");
        requireTool("curl");
        requireTool("jq");

        Path work = RunningPlatform.repositoryRoot().resolve("system-tests/target/walkthrough");
        Files.createDirectories(work);
        Path script = work.resolve("walkthrough.sh");
        Path output = work.resolve("output.txt");
        Files.writeString(script, script(steps));

        ProcessBuilder bash = new ProcessBuilder("bash", script.toString())
                .directory(RunningPlatform.repositoryRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = bash.environment();
        env.put("MELDPUNT_INCIDENT_API", Service.INCIDENT.url());
        env.put("MELDPUNT_INVESTIGATION_API", Service.INVESTIGATION.url());
        env.put("MELDPUNT_NOTIFICATION_API", Service.NOTIFICATION.url());
        env.put("MELDPUNT_TOKEN_DATA", SharedStack.directory().toString());
        // ./meldpunt runs the local-stack jar with the java on PATH: make it the one running this test.
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = bash.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the walkthrough did not finish within " + TIMEOUT_MINUTES + " min; output so far in " + output);
        }

        Map<Integer, String> printed = split(Files.readString(output, StandardCharsets.UTF_8));
        Files.writeString(work.resolve("actual.md"), actualPage(steps, printed));
        List<String> failures = new ArrayList<>();
        for (Step step : steps) {
            String actual = printed.get(step.number());
            if (actual == null) {
                failures.add(describe(step, "(the block never ran: the shell stopped before it)"));
                continue;
            }
            String shown = step.shownOutput().orElse("");
            if (!Walkthrough.matches(shown, actual)) {
                failures.add(describe(step, actual));
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + steps.size()
                + " blocks printed other than the page shows (every block's output: " + work.resolve("actual.md") + ")");
    }

    private static String script(List<Step> steps) {
        StringBuilder script = new StringBuilder("# generated from docs/walkthrough.md by WalkthroughTest\n");
        for (Step step : steps) {
            script.append("printf '\\n").append(MARKER).append(step.number()).append("@@@\\n'\n");
            script.append(step.commands());
        }
        return script.toString();
    }

    private static Map<Integer, String> split(String output) {
        Map<Integer, String> printed = new HashMap<>();
        Matcher marker = MARKER_LINE.matcher(output);
        Integer current = null;
        int from = 0;
        while (marker.find()) {
            if (current != null) {
                printed.put(current, output.substring(from, marker.start()));
            }
            current = Integer.valueOf(marker.group(1));
            from = marker.end();
        }
        if (current != null) {
            printed.put(current, output.substring(from));
        }
        return printed;
    }

    private static String describe(Step step, String actual) {
        return "block " + step.number() + " in \"" + step.heading() + "\":\n" + step.commands().strip()
                + "\n--- the page shows:\n" + step.shownOutput().orElse("(nothing)").strip()
                + "\n--- it printed:\n" + actual.strip() + "\n";
    }

    /** The page's commands with what they printed this time, to compare with the page or refresh it from. */
    private static String actualPage(List<Step> steps, Map<Integer, String> printed) {
        StringBuilder page = new StringBuilder();
        String heading = null;
        for (Step step : steps) {
            if (!step.heading().equals(heading)) {
                heading = step.heading();
                page.append("\n## ").append(heading).append("\n");
            }
            page.append("\n```bash\n").append(step.commands()).append("```\n");
            String actual = printed.getOrDefault(step.number(), "(never ran)").strip();
            if (!actual.isEmpty()) {
                page.append("\n```text\n").append(actual).append("\n```\n");
            }
        }
        return page.toString();
    }

    private static void requireTool(String tool) throws IOException, InterruptedException {
        Process which = new ProcessBuilder("bash", "-c", "command -v " + tool).redirectErrorStream(true).start();
        if (!which.waitFor(30, TimeUnit.SECONDS) || which.exitValue() != 0) {
            fail("the walkthrough needs " + tool + " on PATH (apt-get install -y " + tool + "); .ci/run installs it");
        }
    }
}
