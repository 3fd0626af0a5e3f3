package dev.courier.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the delivery worker is configured with, validated as a whole: every problem is collected and reported
 * in one exception.
 *
 * @param bootstrapServers  Kafka bootstrap servers ({@code COURIER_KAFKA_BOOTSTRAP})
 * @param applicationId     the Streams application id: consumer group, transactional id and internal topic prefix
 *                          (default {@value #DEFAULT_APPLICATION_ID}); instances sharing it share the load
 * @param stateDir          where local state stores live (default {@code ./.courier/worker-state})
 * @param streamThreads     stream threads per instance (default 1: on 2 cores one thread reached the same peak as two
 *                          for 8-21 % less CPU, and half the transactions a second at moderate load; more cores
 *                          can use more, up to the partitions an instance owns: docs/benchmarks.md)
 * @param dedupWindow       how long a messageId is remembered for dedup (default 24 h)
 * @param commitInterval    how often a transaction commits (default 50 ms, half the Streams default under EOS: outputs
 *                          are visible to read_committed consumers only after it, so this sets delivery latency;
 *                          8 % less peak worker throughput, end-to-end p50 85 -> 52-65 ms, docs/benchmarks-journal.md);
 *                          the producer lingers as long, so batches leave at the commit unless they fill first
 * @param inMemoryStores    in-memory stores instead of RocksDB (faster tests; restore reads whole changelogs)
 * @param replicationFactor replication of internal topics (changelogs); -1 takes the broker's default
 * @param kafkaProperties   extra Kafka client/Streams properties ({@code COURIER_KAFKA_PROP_*}, e.g. SASL/SSL),
 *                          applied last so they win
 */
public record WorkerSettings(String bootstrapServers, String applicationId, Path stateDir, int streamThreads,
                             Duration dedupWindow, Duration commitInterval, boolean inMemoryStores,
                             int replicationFactor, Map<String, String> kafkaProperties) {

    public static final String DEFAULT_APPLICATION_ID = "courier-delivery-worker";
    public static final Path DEFAULT_STATE_DIR = Path.of(".courier", "worker-state");
    public static final int DEFAULT_STREAM_THREADS = 1;
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(50);

    public WorkerSettings {
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("bootstrapServers must be set");
        }
        if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]{1,200}")) {
            problems.add("applicationId '" + applicationId + "' must be 1-200 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        if (stateDir == null) {
            problems.add("stateDir must be set");
        }
        if (streamThreads < 1 || streamThreads > 64) {
            problems.add("streamThreads must be between 1 and 64, was " + streamThreads);
        }
        if (dedupWindow == null || dedupWindow.toMillis() < 1) {
            problems.add("dedupWindow must be positive, was " + dedupWindow);
        }
        if (commitInterval == null || commitInterval.toMillis() < 1) {
            problems.add("commitInterval must be positive, was " + commitInterval);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            problems.add("replicationFactor must be -1 (broker default) or at least 1, was " + replicationFactor);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid worker settings: " + String.join("; ", problems));
        }
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
    }

    /** The defaults, against the given cluster. */
    public static WorkerSettings defaults(String bootstrapServers) {
        return new WorkerSettings(bootstrapServers, DEFAULT_APPLICATION_ID, DEFAULT_STATE_DIR, DEFAULT_STREAM_THREADS, DEFAULT_DEDUP_WINDOW,
                DEFAULT_COMMIT_INTERVAL, false, -1, Map.of());
    }

    public WorkerSettings withApplicationId(String id) {
        return new WorkerSettings(bootstrapServers, id, stateDir, streamThreads, dedupWindow, commitInterval,
                inMemoryStores, replicationFactor, kafkaProperties);
    }

    public WorkerSettings withStateDir(Path dir) {
        return new WorkerSettings(bootstrapServers, applicationId, dir, streamThreads, dedupWindow, commitInterval,
                inMemoryStores, replicationFactor, kafkaProperties);
    }

    public WorkerSettings withStreamThreads(int threads) {
        return new WorkerSettings(bootstrapServers, applicationId, stateDir, threads, dedupWindow, commitInterval,
                inMemoryStores, replicationFactor, kafkaProperties);
    }

    public WorkerSettings withDedupWindow(Duration window) {
        return new WorkerSettings(bootstrapServers, applicationId, stateDir, streamThreads, window, commitInterval,
                inMemoryStores, replicationFactor, kafkaProperties);
    }

    public WorkerSettings withCommitInterval(Duration interval) {
        return new WorkerSettings(bootstrapServers, applicationId, stateDir, streamThreads, dedupWindow, interval,
                inMemoryStores, replicationFactor, kafkaProperties);
    }

    public WorkerSettings withInMemoryStores(boolean inMemory) {
        return new WorkerSettings(bootstrapServers, applicationId, stateDir, streamThreads, dedupWindow, commitInterval,
                inMemory, replicationFactor, kafkaProperties);
    }

    public WorkerSettings withReplicationFactor(int factor) {
        return new WorkerSettings(bootstrapServers, applicationId, stateDir, streamThreads, dedupWindow, commitInterval,
                inMemoryStores, factor, kafkaProperties);
    }

    public WorkerSettings withKafkaProperties(Map<String, String> props) {
        return new WorkerSettings(bootstrapServers, applicationId, stateDir, streamThreads, dedupWindow, commitInterval,
                inMemoryStores, replicationFactor, props);
    }

    /** A one-line description for the start-up log, with any password, secret or JAAS config masked. */
    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        kafkaProperties.forEach((k, v) -> masked.put(k, k.matches("(?i).*(password|secret|jaas|token|key).*") ? "****" : v));
        return "WorkerSettings[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", stateDir=" + stateDir + ", streamThreads=" + streamThreads + ", dedupWindow=" + dedupWindow
                + ", commitInterval=" + commitInterval + ", inMemoryStores=" + inMemoryStores
                + ", replicationFactor=" + replicationFactor + ", kafkaProperties=" + masked + "]";
    }
}
