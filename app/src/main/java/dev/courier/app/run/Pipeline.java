package dev.courier.app.run;

import com.zaxxer.hikari.HikariDataSource;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.db.DatabaseCreator;
import dev.courier.app.db.DatabaseStartup;
import dev.courier.events.EventCodec;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.ingest.ApiKeys;
import dev.courier.ingest.IngestServer;
import dev.courier.ingest.IngestSettings;
import dev.courier.ingest.ops.OpsHttpServer;
import dev.courier.ingest.ops.OpsRoutes;
import dev.courier.ingest.read.ReadApi;
import dev.courier.migrations.MigrateOutcome;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.ops.lag.CourierGroups;
import dev.courier.ops.lag.LagJson;
import dev.courier.ops.lag.LagMonitor;
import dev.courier.ops.lag.LagReporter;
import dev.courier.ops.lag.LagSampler;
import dev.courier.ops.lag.SinkOffsets;
import dev.courier.persistence.DatabasePool;
import dev.courier.persistence.Sink;
import dev.courier.persistence.SinkSettings;
import dev.courier.worker.DeliveryWorker;
import dev.courier.worker.WorkerSettings;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's components in one process, wired from the configuration: any of ingest (HTTP), the delivery worker
 * and the sink, sharing one metrics registry and one connection pool. Without ingest a small ops server still answers
 * health and metrics on the HTTP port.
 */
public final class Pipeline implements ServiceRunner.Service {

    /** A component that can run in this process. */
    public enum Part { INGEST, WORKER, SINK }

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration LAG_WINDOW = Duration.ofSeconds(60);

    private final CourierConfig config;
    private final Set<Part> parts;
    private final Optional<ApiKeys> apiKeys;
    private final ShutdownOrder started = new ShutdownOrder();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final boolean createDatabase;
    private final Topics topics;
    private DeliveryWorker worker;
    private DatabaseStartup databaseStartup;
    /** Set by the database startup thread once the database is ready; read by health checks. */
    private volatile Sink sink;
    private int httpPort = -1;
    private boolean closed;

    /** @param apiKeys required when {@code parts} include ingest */
    public Pipeline(CourierConfig config, Set<Part> parts, Optional<ApiKeys> apiKeys) {
        this(config, parts, apiKeys, false);
    }

    /**
     * @param apiKeys        required when {@code parts} include ingest
     * @param createDatabase create the configured database when it is missing (dev mode)
     */
    public Pipeline(CourierConfig config, Set<Part> parts, Optional<ApiKeys> apiKeys, boolean createDatabase) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one part");
        }
        if (parts.contains(Part.INGEST) && apiKeys.isEmpty()) {
            throw new IllegalArgumentException("COURIER_API_KEYS is not set: the HTTP API refuses to run without keys "
                    + "(format <key>:<scope>[|<scope>...], e.g. k1:produce|read,k2:admin)");
        }
        this.config = config;
        this.parts = EnumSet.copyOf(parts);
        this.apiKeys = apiKeys;
        this.createDatabase = createDatabase;
        this.topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        List<String> names = new ArrayList<>(topics.all().stream().map(Topic::name).toList());
        names.addAll(DeliveryWorker.internalTopics(CourierGroups.worker(topics)));
        registry.config().meterFilter(new UnexportedKafkaMetrics()).meterFilter(new TopicTagNames(names));
    }

    @Override
    public void start() {
        bindProcessMetrics();
        Map<String, Object> kafka = config.kafka().commonClientProperties();
        HikariDataSource pool = null;
        if (parts.contains(Part.SINK) || parts.contains(Part.INGEST)) {
            // The pool starts without a connection; the database is created and migrated in the background, so that
            // HTTP writes, which only need Kafka, are served while PostgreSQL is down. The sink starts once it is up.
            CourierConfig.Database db = config.database();
            pool = DatabasePool.create(db.url(), db.user(), db.password(), db.poolSize(), registry);
            started.add(pool);
            HikariDataSource sinkPool = pool;
            Runnable whenReady = parts.contains(Part.SINK) ? () -> startSink(topics, kafka, sinkPool) : () -> { };
            databaseStartup = new DatabaseStartup(this::prepareDatabase, whenReady);
            databaseStartup.start();
        }
        LagMonitor lag = startLagMonitor(topics, kafka, pool);
        if (parts.contains(Part.WORKER)) {
            CourierConfig.Worker w = config.worker();
            worker = new DeliveryWorker(WorkerSettings.defaults(config.kafka().bootstrap())
                    .withApplicationId(CourierGroups.worker(topics))
                    .withStateDir(config.dataDir().resolve("worker-state"))
                    .withStreamThreads(w.streamThreads())
                    .withDedupWindow(w.dedupWindow())
                    .withCommitInterval(w.commitInterval())
                    .withReplicationFactor(config.kafka().replicationFactor().map(Short::intValue).orElse(-1))
                    .withKafkaProperties(config.kafka().clientProperties()), topics, registry);
            started.add(worker);
            worker.start();
        }
        if (parts.contains(Part.INGEST)) {
            IngestServer server = new IngestServer(IngestSettings.defaults(apiKeys.orElseThrow())
                    .withPort(config.http().port())
                    .withPublishTimeout(config.http().publishTimeout())
                    .withLimits(config.limits()), topics, kafka, registry, Optional.of(new ReadApi(pool)));
            if (worker != null) {
                server.alsoReadyWhen("worker", worker::isReady);
            }
            if (parts.contains(Part.SINK)) {
                server.alsoReadyWhen("sink", this::sinkReady);
            }
            server.serveLagReport(() -> lag.latest().map(LagJson::bytes));
            started.add(server);
            server.start();
            httpPort = server.port();
        } else {
            Map<String, OpsRoutes.Check> checks = new LinkedHashMap<>();
            if (worker != null) {
                checks.put("worker", OpsRoutes.Check.flag(worker::isReady));
            }
            if (parts.contains(Part.SINK)) {
                checks.put("sink", OpsRoutes.Check.flag(this::sinkReady));
            }
            OpsHttpServer ops = new OpsHttpServer(config.http().port(), registry, checks);
            started.add(ops);
            ops.start();
            httpPort = ops.port();
        }
        log.info("running {} with HTTP on port {}", parts, httpPort);
    }

    /**
     * Every long-running process samples the consumer lag of Courier's groups for its gauges and {@code /v1/ops/lag}:
     * every 10 s, statuses over a minute. With a database pool, the sink's offsets in sink_offsets are included.
     */
    private LagMonitor startLagMonitor(Topics topics, Map<String, Object> kafka, HikariDataSource pool) {
        LagSampler sampler = started.add(new LagSampler(kafka, Clock.systemUTC()));
        CourierConfig.Sink s = config.sink();
        LagReporter reporter = new LagReporter(sampler, CourierGroups.all(topics), LAG_WINDOW,
                Optional.ofNullable(pool).map(SinkOffsets::new), (long) s.batchRows() * s.writers());
        LagMonitor monitor = started.add(new LagMonitor(reporter, registry, LAG_INTERVAL));
        monitor.start();
        return monitor;
    }

    private void startSink(Topics topics, Map<String, Object> kafka, HikariDataSource pool) {
        CourierConfig.Sink s = config.sink();
        Sink created = new Sink(SinkSettings.defaults()
                .withConsumerGroup(CourierGroups.sink(topics))
                .withBatching(s.batchRows(), s.linger())
                .withWriterThreads(s.writers()), topics, kafka, kafka, pool, registry);
        synchronized (this) {
            if (closed) {
                created.close();
                return;
            }
            started.add(created);
            created.start();
            sink = created;
        }
    }

    private void prepareDatabase() {
        CourierConfig.Database db = config.database();
        if (createDatabase) {
            boolean created = new DatabaseCreator(db.url(), db.user(), db.password()).createIfMissing();
            log.info("database {} ({})", db.url(), created ? "created" : "exists");
        }
        if (db.runMigrations()) {
            MigrateOutcome m = new Migrator(MigrationSettings.of(db.url(), db.user(), db.password())).up();
            log.info("database schema at version {} ({} migration(s) applied)", m.toVersion(), m.applied());
        }
    }

    private void bindProcessMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The HTTP port actually bound (useful when configured as 0). */
    public int httpPort() {
        return httpPort;
    }

    /** Every local component ready (ingest's own Kafka probe is part of its readiness endpoint). */
    public boolean isReady() {
        return (worker == null || worker.isReady()) && (!parts.contains(Part.SINK) || sinkReady());
    }

    /** Not ready while the database is still being prepared (the sink has not started yet). */
    private boolean sinkReady() {
        Sink s = sink;
        return s != null && s.isReady();
    }

    /** Why a component stopped for good, if one did: the process should exit so that it gets restarted. */
    @Override
    public Optional<String> fatalProblem() {
        if (databaseStartup != null && databaseStartup.fatalProblem().isPresent()) {
            return databaseStartup.fatalProblem();
        }
        Sink s = sink;
        if (s != null && s.failure().isPresent()) {
            return Optional.of("sink stopped: " + s.failure().get());
        }
        if (worker != null && (worker.state() == KafkaStreams.State.ERROR || worker.state() == KafkaStreams.State.NOT_RUNNING)) {
            return Optional.of("delivery worker is " + worker.state());
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        // First, so that no sink starts behind our back; not under the lock, which a starting sink takes.
        if (databaseStartup != null) {
            databaseStartup.close();
        }
        started.close();
        registry.close();
    }
}
