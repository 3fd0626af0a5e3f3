package dev.courier.app.dev;

import dev.courier.app.config.CourierConfig;
import dev.courier.app.db.DatabaseCreator;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.testkit.EmbeddedKafkaCluster;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in one process for a developer's machine: an embedded KRaft broker at the configured bootstrap address
 * (data under {@code COURIER_DATA_DIR/kafka}, kept across restarts), the topics, the database (created if missing)
 * and the pipeline's components. {@link #close()} stops them in reverse order.
 */
public final class DevMode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevMode.class);

    private final CourierConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    public DevMode(CourierConfig config) {
        this.config = config;
    }

    public void start() {
        long t0 = System.nanoTime();
        int port = localPort(config.kafka().bootstrap());
        EmbeddedKafkaCluster broker = EmbeddedKafkaCluster.builder()
                .port(port)
                .dataDir(config.dataDir().resolve("kafka"))
                .build()
                .start();
        started.push(broker);
        log.info("Kafka broker (embedded, KRaft) listening at {}, data in {}", broker.bootstrapServers(), broker.dataDir());

        Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        try (Admin admin = Admin.create(config.kafka().commonClientProperties())) {
            var outcomes = new TopicCreator(admin).createAll(topics, config.kafka().partitions(), Optional.empty());
            log.info("topics: {} ({} created, {} partitions each)", topics.prefix() + "*",
                    outcomes.stream().filter(TopicCreator.Outcome::created).count(), config.kafka().partitions());
        }

        CourierConfig.Database db = config.database();
        boolean created = new DatabaseCreator(db.url(), db.user(), db.password()).createIfMissing();
        log.info("database {} ({})", db.url(), created ? "created" : "exists");

        log.info("courier dev ready in {} ms; Ctrl-C stops it", (System.nanoTime() - t0) / 1_000_000);
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
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        log.info("courier dev stopped");
    }
}
