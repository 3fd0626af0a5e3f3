package dev.courier.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads, summed by component from their names, between two snapshots: where a message's
 * cost arises when broker, ingest, worker and sink share one process. The JVM's own threads (JIT compilers, garbage
 * collection) are not listed by {@link ThreadMXBean}; on Linux they are read from {@code /proc/self/task}, by the names
 * HotSpot gives them. A thread that ended between the snapshots is not counted: its time is in the process total less
 * the components'.
 */
public final class ThreadCpu {

    private static final String JIT = "JIT compilers";
    private static final String GC = "garbage collector";

    /** Components by thread-name fragment, first match wins; HotSpot's own threads as /proc names them (15 chars). */
    private static final List<Map.Entry<String, String>> COMPONENTS = List.of(
            Map.entry("C1 CompilerThre", JIT),
            Map.entry("C2 CompilerThre", JIT),
            Map.entry("GC Thread", GC),
            Map.entry("G1 ", GC),
            Map.entry("courier-bench-", "load generator"),
            Map.entry("StreamThread", "worker (stream threads)"),
            Map.entry("courier-ingest-http", "ingest HTTP"),
            Map.entry("sink", "sink"),
            Map.entry("kafka-producer-network-thread", "producer I/O"),
            Map.entry("heartbeat", "client heartbeats"),
            Map.entry("data-plane-kafka", "broker"),
            Map.entry("kafka-network-thread", "broker"),
            Map.entry("kafka-request-handler", "broker"),
            Map.entry("broker-", "broker"),
            Map.entry("controller", "broker"),
            Map.entry("kafka-", "broker"));

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long CLOCK_TICK_NANOS = 10_000_000; // /proc counts in USER_HZ, 100 on x86-64 and arm64 Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /**
     * Per-thread CPU nanoseconds and names at one instant: Java threads by their id, the JVM's own threads by their
     * negated Linux thread id.
     */
    public record Snapshot(Map<Long, Long> cpuNanos, Map<Long, String> names) {
    }

    public Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        jvmThreads(cpu, names);
        return new Snapshot(cpu, names);
    }

    /** Adds HotSpot's compiler and GC threads, under negative ids (Java thread ids are positive). */
    private static void jvmThreads(Map<Long, Long> cpu, Map<Long, String> names) {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String component = component(name);
                    if (component.equals(JIT) || component.equals(GC)) { // Java threads were read above
                        // Fields after the name: state is the 1st, utime the 12th, stime the 13th (proc(5)).
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long id = -Long.parseLong(task.getFileName().toString());
                        cpu.put(id, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * CLOCK_TICK_NANOS);
                        names.put(id, name);
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while being read: like an ended Java thread, it is in the remainder
                }
            });
        } catch (IOException notLinux) {
            // no per-thread view: the JVM's threads stay in the remainder
        }
    }

    /** CPU microseconds per message by component between two snapshots, largest first. */
    public static Map<String, Double> microsPerMessage(Snapshot start, Snapshot end, long messages) {
        Map<String, Double> nanos = new TreeMap<>();
        end.cpuNanos().forEach((id, t) -> nanos.merge(component(end.names().get(id)),
                (double) (t - start.cpuNanos().getOrDefault(id, 0L)), Double::sum));
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue() / 1e3 / Math.max(1, messages)));
        return out;
    }

    static String component(String threadName) {
        for (Map.Entry<String, String> c : COMPONENTS) {
            if (threadName.contains(c.getKey())) {
                return c.getValue();
            }
        }
        return "other";
    }
}
