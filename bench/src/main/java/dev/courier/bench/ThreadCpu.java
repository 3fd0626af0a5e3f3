package dev.courier.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, summed by component from their names, between two snapshots: where a message's
 * cost arises when broker, ingest, worker and sink share one process. The JVM's own threads (garbage collection, JIT
 * compilers) are not listed by {@link ThreadMXBean}, and a thread that ended between the snapshots is not counted:
 * their time is the process total less the components'.
 */
public final class ThreadCpu {

    /** Components by thread-name fragment, first match wins. */
    private static final List<Map.Entry<String, String>> COMPONENTS = List.of(
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

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Per-thread CPU nanoseconds and names at one instant. */
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
        return new Snapshot(cpu, names);
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
