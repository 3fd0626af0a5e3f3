package dev.courier.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code courier bench} run measured: where it ran, and each phase's figures, latencies and notes; as a table
 * for the terminal and as JSON for scripts and comparisons between runs.
 *
 * @param startedAt   when the run began (ISO-8601)
 * @param environment where it ran: machine, Java, broker, database
 * @param phases      the phases in the order they ran
 */
public record BenchReport(String startedAt, Map<String, String> environment, List<PhaseResult> phases) {

    static final double[] QUANTILES = {0.50, 0.90, 0.99, 0.999};

    public BenchReport {
        environment = Map.copyOf(environment);
        phases = List.copyOf(phases);
    }

    /** A fixed-width table: figures against their references, then latency percentiles, then each phase's notes. */
    public String table() {
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"phase", "figure", "value", "reference", "ref. value", "ratio", "CPU/msg"});
        for (PhaseResult p : phases) {
            for (Figure f : p.figures()) {
                rows.add(new String[] {p.phase(), f.name(), number(f.value()) + " " + f.unit(), f.reference(),
                        number(f.referenceValue()) + " " + f.unit(), String.format(Locale.ROOT, "%.2f", f.ratio()),
                        Double.isNaN(f.cpuMicrosPerMessage()) ? "-" : String.format(Locale.ROOT, "%.0f µs", f.cpuMicrosPerMessage())});
            }
        }
        appendTable(out, rows);
        List<String[]> latency = new ArrayList<>();
        latency.add(new String[] {"phase", "latency", "samples", "p50", "p90", "p99", "p99.9", "max"});
        for (PhaseResult p : phases) {
            for (Distribution d : p.latencies()) {
                List<String> row = new ArrayList<>(List.of(p.phase(), d.name(), String.format(Locale.ROOT, "%,d", d.count())));
                for (double q : QUANTILES) {
                    row.add(millis(d.quantile(q)));
                }
                row.add(millis(d.quantile(1.0)));
                latency.add(row.toArray(String[]::new));
            }
        }
        if (latency.size() > 1) {
            out.append('\n');
            appendTable(out, latency);
        }
        for (PhaseResult p : phases) {
            out.append(String.format(Locale.ROOT, "%n%s (%.0f s):%n", p.phase(), p.seconds()));
            p.notes().forEach(n -> out.append("  ").append(n).append('\n'));
        }
        return out.toString();
    }

    /** The report as JSON; a latency distribution as its count and percentiles in milliseconds, not every sample. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("startedAt", startedAt);
        root.put("environment", new java.util.TreeMap<>(environment));
        List<Object> ps = new ArrayList<>();
        for (PhaseResult p : phases) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("phase", p.phase());
            phase.put("seconds", p.seconds());
            List<Object> figures = new ArrayList<>();
            for (Figure f : p.figures()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", f.name());
                m.put("value", f.value());
                m.put("unit", f.unit());
                m.put("reference", f.reference());
                m.put("referenceValue", f.referenceValue());
                m.put("ratio", finite(f.ratio()));
                m.put("cpuMicrosPerMessage", finite(f.cpuMicrosPerMessage()));
                figures.add(m);
            }
            phase.put("figures", figures);
            List<Object> latencies = new ArrayList<>();
            for (Distribution d : p.latencies()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", d.name());
                m.put("samples", d.count());
                m.put("p50Ms", finite(d.quantile(0.50)));
                m.put("p90Ms", finite(d.quantile(0.90)));
                m.put("p99Ms", finite(d.quantile(0.99)));
                m.put("p999Ms", finite(d.quantile(0.999)));
                m.put("maxMs", finite(d.quantile(1.0)));
                latencies.add(m);
            }
            phase.put("latencies", latencies);
            phase.put("notes", p.notes());
            ps.add(phase);
        }
        root.put("phases", ps);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String millis(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static void appendTable(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(String.format("%-" + widths[i] + "s", r[i])).append(i < r.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
