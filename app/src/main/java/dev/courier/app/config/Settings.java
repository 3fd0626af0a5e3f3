package dev.courier.app.config;

import dev.courier.events.Topics;
import java.util.List;

/** Every configuration variable Courier reads, with its default and meaning. */
public final class Settings {

    public static final String KAFKA_PROP_PREFIX = "COURIER_KAFKA_PROP_";

    public static final Setting KAFKA_BOOTSTRAP = new Setting("COURIER_KAFKA_BOOTSTRAP", "127.0.0.1:9092", false,
            "Kafka bootstrap servers, host:port[,host:port...]. In `courier dev` the embedded broker listens here.");
    public static final Setting TOPIC_PREFIX = new Setting("COURIER_TOPIC_PREFIX", Topics.DEFAULT_PREFIX, false,
            "Prefix of every topic name.");
    public static final Setting PARTITIONS = new Setting("COURIER_PARTITIONS", "6", false,
            "Partition count of every topic (chat-scoped topics must share it). Used when creating topics.");
    public static final Setting REPLICATION_FACTOR = new Setting("COURIER_REPLICATION_FACTOR", null, false,
            "Replication factor for created topics; unset means the broker's default.replication.factor.");
    public static final Setting DATABASE_URL = new Setting("COURIER_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/courier", false,
            "JDBC URL of the PostgreSQL database. `courier dev` creates the database if it is missing.");
    public static final Setting DATABASE_USER = new Setting("COURIER_DATABASE_USER", "postgres", false,
            "PostgreSQL user.");
    public static final Setting DATABASE_PASSWORD = new Setting("COURIER_DATABASE_PASSWORD", "", true,
            "PostgreSQL password (empty for trust auth).");
    public static final Setting RUN_MIGRATIONS = new Setting("COURIER_RUN_MIGRATIONS", "true", false,
            "Apply pending Flyway migrations when a component starts (true|false).");
    public static final Setting HTTP_PORT = new Setting("COURIER_HTTP_PORT", "8080", false,
            "Port of the HTTP API (ingest, read API, health, metrics).");
    public static final Setting API_KEYS = new Setting("COURIER_API_KEYS", null, true,
            "API keys and scopes: `<key>:<scope>[|<scope>...]`, comma-separated; scopes produce, read, admin (implies both). "
                    + "Required by production commands; `courier dev` generates an admin key when unset and keeps it in `COURIER_DATA_DIR/admin.key`.");
    public static final Setting DATA_DIR = new Setting("COURIER_DATA_DIR", "./.courier", false,
            "Local state: the dev broker's log dirs, the dev admin key and Kafka Streams state stores.");
    public static final Setting MAX_CONTENT_BYTES = new Setting("COURIER_MAX_CONTENT_BYTES", "16384", false,
            "Largest message content in UTF-8 bytes, enforced on HTTP and on the .in topics.");

    public static final Setting DATABASE_POOL_SIZE = new Setting("COURIER_DATABASE_POOL_SIZE", "10", false,
            "Largest number of PostgreSQL connections per process (HikariCP), shared by the sink and the read API.");
    public static final Setting PUBLISH_TIMEOUT = new Setting("COURIER_PUBLISH_TIMEOUT", "5s", false,
            "How long ingest waits for Kafka to acknowledge a write before answering 503 (e.g. 500ms, 5s).");
    public static final Setting WORKER_THREADS = new Setting("COURIER_WORKER_THREADS", "1", false,
            "Kafka Streams threads of the delivery worker. On 2 cores one thread reached the same peak as two for less "
                    + "CPU (docs/benchmarks.md); with more cores, measure a higher count with `courier bench worker`. "
                    + "More than the partition count leaves threads idle.");
    public static final Setting DEDUP_WINDOW = new Setting("COURIER_DEDUP_WINDOW", "24h", false,
            "How long the worker remembers a messageId to drop duplicates (e.g. 24h, 7d).");
    public static final Setting WORKER_COMMIT_INTERVAL = new Setting("COURIER_WORKER_COMMIT_INTERVAL", "50ms", false,
            "How often the worker commits its transaction; outputs become visible only then, so this bounds end-to-end "
                    + "latency from below. Its producer holds batches until the commit, so shorter intervals cost CPU "
                    + "and throughput (more transactions, more and smaller batches).");
    public static final Setting SINK_BATCH_ROWS = new Setting("COURIER_SINK_BATCH_ROWS", "5000", false,
            "The sink flushes once this many records are buffered (one transaction per writer).");
    public static final Setting SINK_LINGER = new Setting("COURIER_SINK_LINGER", "0ms", false,
            "... or once the oldest buffered record has waited this long. At 0 a writer takes what is buffered as soon as "
                    + "its previous write ends, so batches grow with the load by themselves.");
    public static final Setting SINK_WRITERS = new Setting("COURIER_SINK_WRITERS", "2", false,
            "Parallel database transactions per sink flush, each for a share of the partitions.");

    public static final List<Setting> ALL = List.of(KAFKA_BOOTSTRAP, TOPIC_PREFIX, PARTITIONS, REPLICATION_FACTOR,
            DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATABASE_POOL_SIZE, RUN_MIGRATIONS, HTTP_PORT, API_KEYS,
            PUBLISH_TIMEOUT, DATA_DIR, MAX_CONTENT_BYTES, WORKER_THREADS, DEDUP_WINDOW, WORKER_COMMIT_INTERVAL,
            SINK_BATCH_ROWS, SINK_LINGER,
            SINK_WRITERS);

    private Settings() {
    }

    /** The configuration table of the README, rendered from {@link #ALL} so the two cannot drift apart. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
        for (Setting s : ALL) {
            String def = s.defaultValue() == null ? "(unset)" : s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            sb.append("| `").append(s.name()).append("` | ").append(def).append(" | ").append(s.description()).append(" |\n");
        }
        return sb.toString();
    }
}
