package nl.meldpunt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.meldpunt.systemtests.Walkthrough.Step;

/** How {@link WalkthroughTest} reads docs/walkthrough.md and compares output with it; no platform needed. */
class WalkthroughPageTest {

    @Test
    void bashBlocksAreTheCommandsAndAnAdjacentTextOrJsonBlockIsTheirOutput() {
        String page = """
                # Title
                ```shell
                ./meldpunt up
                ```
                ## 1. Report
                ```bash
                echo one
                ```

                ```text
                one
                ```
                Some prose.
                ```bash
                X=1
                ```
                Then:
                ```json
                {"not": "the output of X=1, prose lies between"}
                ```
                """;
        List<Step> steps = Walkthrough.steps(page);
        assertEquals(2, steps.size());
        assertEquals(new Step(1, "1. Report", "echo one\n", Optional.of("one\n")), steps.get(0));
        assertEquals(new Step(2, "1. Report", "X=1\n", Optional.empty()), steps.get(1));
    }

    @Test
    void anEllipsisStandsForWhatDiffersWithinALine() {
        assertTrue(Walkthrough.matches("\"id\": \"…\",\n\"version\": 1", "\"id\": \"3f1c-9a2e\",\r\n\"version\": 1\n"));
        assertFalse(Walkthrough.matches("\"id\": \"…\",\n\"version\": 1", "\"id\": \"3f1c-9a2e\",\n\"version\": 2"));
        assertFalse(Walkthrough.matches("\"status\": \"RESOLVED\"", "\"status\": \"INVESTIGATING\""));
        assertTrue(Walkthrough.matches("a.b(c)", "a.b(c)"), "regex characters in the page are literal");
        assertFalse(Walkthrough.matches("a.b", "axb"));
    }

    @Test
    void aLineHoldingOnlyAnEllipsisStandsForAnyNumberOfLines() {
        assertTrue(Walkthrough.matches("HTTP/1.1 201 Created\n…\nETag: \"1\"", "HTTP/1.1 201 Created\nA: b\nC: d\nETag: \"1\""));
        assertTrue(Walkthrough.matches("first\n…\nlast", "first\nlast"));
        assertFalse(Walkthrough.matches("first\n…\nlast", "first\nmiddle"));
    }

    @Test
    void everyLineMustBeAccountedForAndNothingShownMeansNothingPrinted() {
        assertFalse(Walkthrough.matches("one", "one\ntwo"));
        assertTrue(Walkthrough.matches("", "\n\n"));
        assertFalse(Walkthrough.matches("", "curl: (7) Failed to connect"));
    }
}
