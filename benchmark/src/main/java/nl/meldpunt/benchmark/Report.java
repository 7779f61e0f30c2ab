package nl.meldpunt.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The figures of one run: rows for the printed table, and the same figures as a JSON document by phase. */
final class Report {

    record Row(String phase, String measurement, String figure, String comparison) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final Map<String, Object> phases = new LinkedHashMap<>();

    Report(Map<String, Object> run) {
        json.put("run", run);
        json.put("phases", phases);
    }

    void row(String phase, String measurement, String figure, String comparison) {
        rows.add(new Row(phase, measurement, figure, comparison));
    }

    /** The JSON object of a phase, created on first use; phases keep the order in which they ran. */
    @SuppressWarnings("unchecked")
    Map<String, Object> phase(String name) {
        return (Map<String, Object>) phases.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
    }

    Map<String, Object> run() {
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) json.get("run");
        return run;
    }

    void print(PrintStream out) {
        int[] width = {5, 11, 6, 10};
        for (Row r : rows) {
            width[0] = Math.max(width[0], r.phase().length());
            width[1] = Math.max(width[1], r.measurement().length());
            width[2] = Math.max(width[2], r.figure().length());
            width[3] = Math.max(width[3], r.comparison().length());
        }
        String format = "| %-" + width[0] + "s | %-" + width[1] + "s | %-" + width[2] + "s | %-" + width[3] + "s |%n";
        out.printf(format, "phase", "measurement", "figure", "against");
        out.printf("|%s|%s|%s|%s|%n", "-".repeat(width[0] + 2), "-".repeat(width[1] + 2), "-".repeat(width[2] + 2),
                "-".repeat(width[3] + 2));
        for (Row r : rows) {
            out.printf(format, r.phase(), r.measurement(), r.figure(), r.comparison());
        }
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    static Map<String, Object> latency(Latencies.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("p50Ms", s.p50());
        m.put("p99Ms", s.p99());
        m.put("p999Ms", s.p999());
        m.put("maxMs", s.max());
        return m;
    }

    static Map<String, Object> closed(ClosedLoad.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", r.clients());
        m.put("perSecond", round(r.perSecond()));
        m.put("failures", r.failures());
        m.put("latency", latency(r.latency()));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String rate(ClosedLoad.Result r) {
        return String.format("%.0f/s, p50 %.1f ms, p99 %.1f ms%s", r.perSecond(), r.latency().p50(), r.latency().p99(),
                r.failures() > 0 ? ", " + r.failures() + " failed" : "");
    }

    static String percentiles(Latencies.Summary s) {
        return String.format("p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms", s.p50(), s.p99(), s.p999());
    }
}
