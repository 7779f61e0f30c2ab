package nl.meldpunt.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Draws latency against offered rate from one or more benchmark JSON files as an SVG, for people
 * who would rather look than read: for each run, the time from a report being due to its case
 * arriving (p50 and p99) and to its 201 (p99), on a logarithmic scale, from the end-to-end and
 * keeping-up phases (both are open-model loads at a fixed rate).
 *
 * <pre>
 *   java -cp benchmark/target/benchmark-*-runnable.jar nl.meldpunt.benchmark.LatencyPlot out.svg before.json=before after.json=after
 * </pre>
 */
public final class LatencyPlot {

    private static final String[] COLOURS = {"#b22222", "#1f5fbf", "#2e8b57", "#8a2be2"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final double MIN_MS = 1;
    private static final double MAX_MS = 100_000;

    /** One line: a label and its points, offered rate to milliseconds. */
    record Series(String label, String colour, String dash, TreeMap<Double, Double> points) {
    }

    private LatencyPlot() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: LatencyPlot OUT.svg RUN.json[=label] ...");
            System.exit(2);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split("=", 2);
            runs.add(new Run(Path.of(parts[0]), parts.length > 1 ? parts[1] : Path.of(parts[0]).getFileName().toString()));
        }
        write(Path.of(args[0]), runs);
    }

    record Run(Path json, String label) {
    }

    static void write(Path svg, List<Run> runs) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Series> series = new ArrayList<>();
        int colour = 0;
        for (Run run : runs) {
            JsonNode phases = mapper.readTree(run.json().toFile()).path("phases");
            String c = COLOURS[colour++ % COLOURS.length];
            series.add(new Series(run.label() + ": due → case, p99", c, null, points(phases, "dueToArrival", "p99Ms")));
            series.add(new Series(run.label() + ": due → case, p50", c, "6 4", points(phases, "dueToArrival", "p50Ms")));
            series.add(new Series(run.label() + ": due → 201, p99", c, "2 3", points(phases, "dueTo201", "p99Ms")));
        }
        Files.writeString(svg, render(series));
    }

    /** The figure of every open-model step: the end-to-end rates, then the keeping-up steps not already there. */
    static TreeMap<Double, Double> points(JsonNode phases, String measure, String percentile) {
        TreeMap<Double, Double> points = new TreeMap<>();
        phases.path("endToEnd").fields().forEachRemaining(e -> {
            JsonNode step = e.getValue();
            // The warm-up measures a cold start, not the rate: it is no point of the curve.
            if (!"warmUp".equals(e.getKey()) && step.has("offeredPerSecond") && step.path(measure).has(percentile)) {
                points.put(step.get("offeredPerSecond").asDouble(), step.path(measure).get(percentile).asDouble());
            }
        });
        for (JsonNode step : phases.path("keepingUp").path("steps")) {
            if (step.path(measure).has(percentile)) {
                points.putIfAbsent(step.get("offeredPerSecond").asDouble(), step.path(measure).get(percentile).asDouble());
            }
        }
        return points;
    }

    static String render(List<Series> series) {
        double maxRate = series.stream().flatMap(s -> s.points().keySet().stream()).mapToDouble(d -> d).max().orElse(100);
        maxRate = Math.ceil(maxRate / 50) * 50;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">Latency against offered rate "
                + "(open model; log scale)</text>%n", LEFT));
        for (double ms = MIN_MS; ms <= MAX_MS; ms *= 10) {
            double y = TOP + plotH - plotH * Math.log10(ms / MIN_MS) / Math.log10(MAX_MS / MIN_MS);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, LEFT + plotW, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    ms >= 1000 ? (long) (ms / 1000) + " s" : (long) ms + " ms"));
        }
        for (int i = 0; i <= 5; i++) {
            double rate = maxRate * i / 5;
            double x = LEFT + plotW * i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    x, x, TOP, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f</text>%n", x,
                    TOP + plotH + 18, rate));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">reports offered per second</text>%n",
                LEFT + plotW / 2, HEIGHT - 10));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, TOP, plotW, plotH));
        int legendY = TOP + 10;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (Map.Entry<Double, Double> p : s.points().entrySet()) {
                double x = LEFT + plotW * p.getKey() / maxRate;
                double ms = Math.max(MIN_MS, Math.min(MAX_MS, p.getValue()));
                double y = TOP + plotH - plotH * Math.log10(ms / MIN_MS) / Math.log10(MAX_MS / MIN_MS);
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, s.colour()));
            }
            if (path.length() > 0) {
                svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", path,
                        s.colour(), s.dash() != null ? " stroke-dasharray=\"" + s.dash() + "\"" : ""));
            }
            double lx = WIDTH - RIGHT + 12;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    lx, lx + 22, legendY, legendY, s.colour(), s.dash() != null ? " stroke-dasharray=\"" + s.dash() + "\"" : ""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>%n", lx + 28, legendY + 4,
                    s.label().replace("&", "&amp;").replace("<", "&lt;")));
            legendY += 18;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }
}
