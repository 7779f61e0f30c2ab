package nl.meldpunt.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of {@code docs/walkthrough.md} and the output the page shows for each, read from
 * the Markdown itself so that the page and its test cannot drift apart.
 *
 * <p>The page's conventions:
 * <ul>
 * <li>Every {@code ```bash} block is a command to paste, run in order in one shell. A block marked
 * {@code ```shell} is shown but not run by the test ({@code ./meldpunt up}: the test brings its
 * own platform).</li>
 * <li>A {@code ```text} or {@code ```json} block right after a bash block (nothing but blank lines
 * between them) is the output the reader sees. A bash block without one prints nothing.</li>
 * <li>In shown output, {@code …} stands for text that differs from run to run (an id, a time, a
 * token) within a line; a line holding only {@code …} stands for any number of lines.</li>
 * </ul>
 */
final class Walkthrough {

    static final String ELLIPSIS = "…";

    /** One command block, the step (heading) it belongs to, and the output shown after it, if any. */
    record Step(int number, String heading, String commands, Optional<String> shownOutput) {
    }

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

    private Walkthrough() {
    }

    static List<Step> steps(String markdown) {
        record Block(String language, String text, int startLine, int endLine, String heading) {
        }
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String heading = "(before the first heading)";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "");
                continue;
            }
            Matcher open = FENCE.matcher(line);
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
                text.append(lines[i]).append('\n');
            }
            if (i >= lines.length) {
                throw new IllegalArgumentException("code block opened on line " + (start + 1) + " is not closed");
            }
            blocks.add(new Block(open.group(1), text.toString(), start, i, heading));
        }
        List<Step> steps = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            if (!block.language().equals("bash")) {
                continue;
            }
            Optional<String> shown = Optional.empty();
            if (b + 1 < blocks.size()) {
                Block next = blocks.get(b + 1);
                boolean adjacent = true;
                for (int l = block.endLine() + 1; l < next.startLine(); l++) {
                    adjacent &= lines[l].isBlank();
                }
                if (adjacent && (next.language().equals("text") || next.language().equals("json"))) {
                    shown = Optional.of(next.text());
                }
            }
            steps.add(new Step(steps.size() + 1, block.heading(), block.text(), shown));
        }
        return steps;
    }

    /**
     * Whether the output a command printed is what the page shows: line by line, trailing blanks
     * and carriage returns ignored, {@code …} standing for what differs between runs.
     */
    static boolean matches(String shown, String actual) {
        List<String> expected = normalise(shown);
        List<Pattern> patterns = new ArrayList<>();
        for (String line : expected) {
            patterns.add(line.equals(ELLIPSIS) ? null : linePattern(line));
        }
        return matches(patterns, 0, normalise(actual), 0);
    }

    private static boolean matches(List<Pattern> patterns, int p, List<String> lines, int l) {
        if (p == patterns.size()) {
            return l == lines.size();
        }
        Pattern pattern = patterns.get(p);
        if (pattern == null) { // any number of lines
            for (int skip = l; skip <= lines.size(); skip++) {
                if (matches(patterns, p + 1, lines, skip)) {
                    return true;
                }
            }
            return false;
        }
        return l < lines.size() && pattern.matcher(lines.get(l)).matches() && matches(patterns, p + 1, lines, l + 1);
    }

    private static Pattern linePattern(String line) {
        List<String> literals = new ArrayList<>();
        for (String literal : line.split(ELLIPSIS, -1)) {
            literals.add(Pattern.quote(literal));
        }
        return Pattern.compile(String.join(".*", literals));
    }

    static List<String> normalise(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.replace("\r", "").split("\n", -1)) {
            lines.add(line.stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
