package dev.courier.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.courier.events.CourierEvent;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresTestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A test class's Courier topics on the shared broker, a producer of raw values and a factory of sinks. */
final class SinkHarness implements AutoCloseable {

    static final int PARTITIONS = 3;

    final KafkaTestContext kafka;
    final PostgresTestDatabase db;
    final Topics topics;
    final HikariDataSource pool;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Sink> sinks = new ArrayList<>();
    private final List<MeterRegistry> registries = new ArrayList<>();

    SinkHarness(KafkaTestContext kafka, PostgresTestDatabase db) {
        this.kafka = kafka;
        this.db = db;
        this.topics = new Topics(kafka.topicPrefix(), Fixtures.CODEC);
        kafka.createTopics(PARTITIONS, "chat-log", "receipts", "unread", "rejected");
        Fixtures.migrate(db);
        this.pool = DatabasePool.create(new DatabasePool.Settings(db.jdbcUrl(), db.user(), db.password(), 4,
                Duration.ofSeconds(1), "courier-sink-test"), new SimpleMeterRegistry());
        Map<String, Object> p = kafka.producerProps();
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p);
    }

    Sink sink(SinkSettings settings, Map<String, Object> extraConsumerProps) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.putAll(extraConsumerProps);
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        MeterRegistry registry = new SimpleMeterRegistry();
        Sink sink = new Sink(settings.withConsumerGroup(kafka.topicPrefix() + settings.consumerGroup()), topics, c, p,
                pool, registry, true);
        sinks.add(sink);
        registries.add(registry);
        return sink;
    }

    static SinkSettings settings() {
        return SinkSettings.defaults().withBatching(1_000, Duration.ofMillis(10))
                .withRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    /** Sum of a counter over every sink this harness made. */
    double counter(String name, String... tags) {
        return registries.stream().mapToDouble(r -> {
            var c = r.find(name).tags(tags).counters();
            return c.stream().mapToDouble(x -> x.count()).sum();
        }).sum();
    }

    /** A gauge's value in the registry of the last sink this harness made. */
    double gauge(String name) {
        return registries.get(registries.size() - 1).get(name).gauge().value();
    }

    <T extends CourierEvent> void send(Topic<T> topic, String key, T event) {
        sendRaw(topic, key, Fixtures.encode(event));
    }

    void sendRaw(Topic<?> topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic.name(), key, value));
    }

    /** Waits until everything sent so far is acknowledged. */
    void flush() {
        producer.flush();
    }

    Future<RecordMetadata> sendAndGet(Topic<?> topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic.name(), key, value));
    }

    /** End offset of every partition of the sink's three topics. */
    Map<TopicPartition, Long> endOffsets() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<TopicPartition> tps = new ArrayList<>();
        for (Topic<?> t : List.of(topics.chatLog(), topics.receipts(), topics.unread())) {
            for (int i = 0; i < PARTITIONS; i++) {
                tps.add(new TopicPartition(t.name(), i));
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            return consumer.endOffsets(tps, Duration.ofSeconds(30));
        }
    }

    /** The offsets the sink stored for {@code group} (the harness-prefixed name). */
    Map<TopicPartition, Long> storedOffsets(String group) {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection conn = db.connect(); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT topic, partition, next_offset FROM sink_offsets WHERE next_offset IS NOT NULL AND consumer_group = '"
                     + kafka.topicPrefix() + group + "'")) {
            while (rs.next()) {
                out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Non-empty partitions only: a partition never written to has no stored offset. */
    static Map<TopicPartition, Long> nonEmpty(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> m = new HashMap<>(offsets);
        m.values().removeIf(v -> v == 0);
        return m;
    }

    static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        sinks.forEach(Sink::close);
        producer.close();
        pool.close();
    }
}
