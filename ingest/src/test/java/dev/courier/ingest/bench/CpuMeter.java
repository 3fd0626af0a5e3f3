package dev.courier.ingest.bench;

import dev.courier.testkit.PostgresTestDatabase;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time spent during a measurement, per request: this JVM's (server, load generator and the idle broker together)
 * and the benchmark database's PostgreSQL backends' (utime + stime from {@code /proc}, so Linux only). On a shared,
 * noisy machine the cost of a request moves much less than the rate, which depends on what else gets the cores.
 */
final class CpuMeter {

    /** {@code /proc/<pid>/stat} counts in clock ticks, 100 a second on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    record Snapshot(long jvmNanos, Map<Integer, Long> backendTicks) {
    }

    private final PostgresTestDatabase db;

    CpuMeter(PostgresTestDatabase db) {
        this.db = db;
    }

    Snapshot now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        Map<Integer, Long> ticks = new HashMap<>();
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int pid = rs.getInt(1);
                long t = ticks(pid);
                if (t >= 0) {
                    ticks.put(pid, t);
                }
            }
        } catch (Exception e) {
            // no backend figures: the JVM's still stand
        }
        return new Snapshot(jvm, ticks);
    }

    /** {@code "; CPU per request: JVM n µs, PostgreSQL m µs"} since {@code start}. */
    String perRequest(Snapshot start, long requests) {
        Snapshot end = now();
        long backendNanos = 0;
        for (Map.Entry<Integer, Long> e : end.backendTicks().entrySet()) {
            backendNanos += (e.getValue() - start.backendTicks().getOrDefault(e.getKey(), 0L)) * NANOS_PER_TICK;
        }
        long n = Math.max(1, requests);
        return String.format(Locale.ROOT, "; CPU per request: JVM %.0f µs, PostgreSQL %.0f µs",
                (end.jvmNanos() - start.jvmNanos()) / 1e3 / n, backendNanos / 1e3 / n);
    }

    private static long ticks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        } catch (Exception e) {
            return -1;
        }
    }
}
