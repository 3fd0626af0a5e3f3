package dev.courier.app.dev;

import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.app.run.Pipeline;
import dev.courier.app.run.ServiceRunner;
import dev.courier.app.run.ShutdownOrder;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.ingest.ApiKeys;
import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in one process for a developer's machine: an embedded KRaft broker at the configured bootstrap address
 * (data under {@code COURIER_DATA_DIR/kafka}, kept across restarts), the topics, the database (created if missing)
 * and the pipeline's components. The database is created if missing (in the background: HTTP writes work while
 * PostgreSQL is down). {@link #close()} stops them in reverse order.
 */
public final class DevMode implements ServiceRunner.Service {

    private static final Logger log = LoggerFactory.getLogger(DevMode.class);

    private final CourierConfig config;
    private final ShutdownOrder started = new ShutdownOrder();
    private Pipeline pipeline;

    private final boolean withSink;
    private final OptionalInt demoRate;

    public DevMode(CourierConfig config) {
        this(config, true, OptionalInt.empty());
    }

    /**
     * @param withSink false to leave the sink out (a rebuild of the database needs it stopped)
     * @param demoRate messages per second of simulated users ({@link DemoTraffic}), or empty for none
     */
    public DevMode(CourierConfig config, boolean withSink, OptionalInt demoRate) {
        this.config = config;
        this.withSink = withSink;
        this.demoRate = demoRate;
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        int port = localPort(config.kafka().bootstrap());
        EmbeddedKafkaCluster broker = EmbeddedKafkaCluster.builder()
                .port(port)
                .dataDir(config.dataDir().resolve("kafka"))
                .build()
                .start();
        started.add(broker);
        log.info("Kafka broker (embedded, KRaft) listening at {}, data in {}", broker.bootstrapServers(), broker.dataDir());

        Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        try (Admin admin = Admin.create(config.kafka().commonClientProperties())) {
            var outcomes = new TopicCreator(admin).createAll(topics, config.kafka().partitions(), Optional.empty());
            log.info("topics: {} ({} created, {} partitions each)", topics.prefix() + "*",
                    outcomes.stream().filter(TopicCreator.Outcome::created).count(), config.kafka().partitions());
        }

        Optional<ApiKeys> keys = config.http().apiKeys();
        Optional<DevAdminKey> devKey = Optional.empty();
        if (keys.isEmpty()) {
            devKey = Optional.of(DevAdminKey.loadOrCreate(config.dataDir()));
            keys = Optional.of(ApiKeys.parse(devKey.get().key() + ":admin"));
        } else if (demoRate.isPresent()) {
            // The demo acts for many users, so it needs an admin key, and keys given in COURIER_API_KEYS are not ours to print.
            throw new IllegalStateException("--demo sends its traffic with the dev admin key, which courier dev only uses "
                    + "when COURIER_API_KEYS is not set: unset it to run the demo");
        }
        EnumSet<Pipeline.Part> parts = EnumSet.allOf(Pipeline.Part.class);
        if (!withSink) {
            parts.remove(Pipeline.Part.SINK);
        }
        pipeline = new Pipeline(config, parts, keys, true);
        started.add(pipeline);
        pipeline.start();
        Optional<DemoTraffic> demo = Optional.empty();
        if (demoRate.isPresent()) {
            DemoTraffic traffic = new DemoTraffic(URI.create("http://127.0.0.1:" + pipeline.httpPort()),
                    devKey.orElseThrow().key(), demoRate.getAsInt(), System.nanoTime());
            started.add(traffic);
            traffic.start();
            demo = Optional.of(traffic);
        }
        log.info("courier dev ready in {} ms: HTTP API on http://127.0.0.1:{}, Kafka at {}, database {}; Ctrl-C stops it",
                (System.nanoTime() - t0) / 1_000_000, pipeline.httpPort(), broker.bootstrapServers(), config.database().url());
        // Printed, not logged: the key is the one secret a developer needs to see, and logs get shipped elsewhere.
        System.out.print(new DevBanner(pipeline.httpPort(), broker.bootstrapServers(), topics, config.database().url(), devKey,
                demo.map(DemoTraffic::groupChat), demoRate).text());
        System.out.flush();
    }

    /** The running components, once {@link #start()} returned. */
    public Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public Optional<String> fatalProblem() {
        return pipeline == null ? Optional.empty() : pipeline.fatalProblem();
    }

    /** The dev broker is this process: the bootstrap address must be one local host:port for it to listen on. */
    static int localPort(String bootstrap) {
        String[] hp = bootstrap.split(":");
        if (bootstrap.contains(",") || hp.length != 2
                || !(hp[0].equals("127.0.0.1") || hp[0].equals("localhost"))) {
            throw new IllegalArgumentException("COURIER_KAFKA_BOOTSTRAP='" + bootstrap + "': courier dev runs its own broker, "
                    + "so this must be one local address, 127.0.0.1:<port> or localhost:<port>");
        }
        return Integer.parseInt(hp[1]);
    }

    @Override
    public void close() {
        started.close();
        log.info("courier dev stopped");
    }
}
