package dev.courier.app.cli;

import dev.courier.ops.lag.LagReport;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code courier lag}'s human output: one table of partitions sorted by lag, then one summary line per group. */
final class LagTable {

    private record Row(LagReport.GroupLag g, LagReport.PartitionLag p) {
    }

    private LagTable() {
    }

    static void print(LagReport report, PrintWriter out) {
        boolean sink = report.groups().stream().anyMatch(g -> g.role().equals("sink"));
        String format = "%-32s %-34s %5s %12s %12s %10s %9s  %-6s" + (sink ? " %12s %s" : "") + "%n";
        out.printf(format, header(sink));
        report.groups().stream()
                .flatMap(g -> g.partitions().stream().map(p -> new Row(g, p)))
                .sorted(Comparator.comparingLong((Row r) -> r.p().lagRecords()).reversed()
                        .thenComparing(r -> r.g().group()).thenComparing(r -> r.p().topic())
                        .thenComparingInt(r -> r.p().partition()))
                .forEach(r -> {
                    LagReport.PartitionLag p = r.p();
                    Object[] cells = {r.g().group(), p.topic(), p.partition(), p.committed() == null ? "-" : p.committed(),
                            p.end(), p.lagRecords(), seconds(p.lagSeconds()), p.status(),
                            p.storedOffset() == null ? "-" : p.storedOffset(),
                            p.offsetsAgree() == null || p.offsetsAgree() ? "" : "DISAGREES"};
                    out.printf(format, sink ? cells : List.of(cells).subList(0, 8).toArray());
                });
        out.println();
        for (LagReport.GroupLag g : report.groups()) {
            out.printf("%s (%s): %s, %s, %d member%s, lag %d records / %s s%s%n", g.group(), g.role(), g.status(), g.state(),
                    g.members(), g.members() == 1 ? "" : "s", g.lagRecords(), seconds(g.lagSeconds()),
                    g.worst() == null ? "" : ", worst " + g.worst().topic() + "-" + g.worst().partition());
        }
        out.printf("%d sample%s over %s ms at %s%n", report.samples(), report.samples() == 1 ? "" : "s",
                report.window().toMillis(), report.at());
        report.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
    }

    private static Object[] header(boolean sink) {
        Object[] h = {"GROUP", "TOPIC", "PART", "COMMITTED", "END", "LAG", "LAG-S", "STATUS", "SINK_OFFSETS", ""};
        return sink ? h : List.of(h).subList(0, 8).toArray();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }
}
