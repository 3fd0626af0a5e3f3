package dev.courier.testkit;

import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a test class gets from {@link KafkaExtension} or {@link ThreeNodeKafkaExtension}: the broker's address,
 * a prefix unique to the test class, and helpers to create topics and configure clients.
 *
 * <p>Names: methods that name something ({@link #topic}, {@link #createTopics}, the group and transactional id
 * of the client property maps) take a logical name and prefix it with {@link #topicPrefix()}, so test classes
 * never see each other's topics, groups or transactions on the shared broker. Methods that inspect
 * ({@link #leaderOf}) take the real name.
 */
public final class KafkaTestContext implements AutoCloseable {

    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final String bootstrapServers;
    private final String topicPrefix;
    private final short replicationFactor;
    private final Admin admin;

    KafkaTestContext(String bootstrapServers, short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.topicPrefix = "t%08x.".formatted(ThreadLocalRandom.current().nextInt());
        this.replicationFactor = replicationFactor;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, topicPrefix + "admin"));
    }

    /**
     * A context on a cluster the test started itself (for example to restart it); topics get the cluster's
     * replication factor (1, or 3 on three nodes). Close it before the cluster.
     */
    public static KafkaTestContext forCluster(EmbeddedKafkaCluster cluster) {
        return new KafkaTestContext(cluster.bootstrapServers(), (short) Math.min(cluster.nodeCount(), 3));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code t<8 hex>.}, unique to the test class; also usable as the application's topic prefix. */
    public String topicPrefix() {
        return topicPrefix;
    }

    /** The real name of logical topic {@code name}: {@code topicPrefix() + name}. */
    public String topic(String name) {
        return topicPrefix + Objects.requireNonNull(name, "topic name");
    }

    /** The admin client of this context, closed by the extension after the test class. */
    public Admin admin() {
        return admin;
    }

    /** Creates prefixed topics with the cluster's replication factor and returns their real names, in order. */
    public List<String> createTopics(int partitions, String... names) {
        return createTopics(partitions, Map.of(), names);
    }

    /** As {@link #createTopics(int, String...)}, with topic configs such as {@code cleanup.policy=compact}. */
    public List<String> createTopics(int partitions, Map<String, String> configs, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("createTopics needs at least one topic name");
        }
        List<String> real = Arrays.stream(names).map(this::topic).toList();
        List<NewTopic> topics = real.stream()
                .map(t -> new NewTopic(t, partitions, replicationFactor).configs(configs))
                .toList();
        await("create topics " + real + " (" + partitions + " partitions, replication factor "
                + replicationFactor + ")", admin.createTopics(topics).all());
        return real;
    }

    /** The node id leading {@code topic}'s partition (real topic name, as returned by {@link #createTopics}). */
    public int leaderOf(String topic, int partition) {
        TopicDescription description = await("describe topic " + topic,
                admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Node leader = description.partitions().stream()
                .filter(p -> p.partition() == partition)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Topic " + topic + " has no partition " + partition
                        + " (it has " + description.partitions().size() + ")"))
                .leader();
        if (leader == null || leader.isEmpty()) {
            throw new IllegalStateException("Partition " + topic + "-" + partition + " has no leader right now");
        }
        return leader.id();
    }

    /**
     * Producer properties: {@code acks=all}, idempotent, String serializers. A fresh mutable map, so a test can
     * change serializers or add settings.
     */
    public Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    /** {@link #producerProps()} plus a prefixed {@code transactional.id}. */
    public Map<String, Object> transactionalProducerProps(String transactionalId) {
        Map<String, Object> props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topicPrefix + transactionalId);
        return props;
    }

    /**
     * Consumer properties for prefixed group {@code group}: from the earliest offset, no auto-commit,
     * {@code read_committed}, String deserializers. A fresh mutable map.
     */
    public Map<String, Object> consumerProps(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topicPrefix + Objects.requireNonNull(group, "group"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }

    /**
     * Reads {@code topic} (real name) from the beginning of every partition, {@code read_committed}, without a
     * consumer group, until at least {@code count} records arrived; fails after 30 s listing what did arrive.
     */
    public List<ConsumerRecord<String, String>> readRecords(String topic, int count) {
        Map<String, Object> props = consumerProps("unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(ADMIN_TIMEOUT_SECONDS))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        } catch (KafkaException e) {
            throw new IllegalStateException("Could not read " + topic + " on " + bootstrapServers + " after "
                    + records.size() + " of " + count + " records: " + e.getMessage(), e);
        }
        if (records.size() < count) {
            throw new IllegalStateException("Read " + records.size() + " of " + count + " expected records from "
                    + topic + " on " + bootstrapServers + " within " + ADMIN_TIMEOUT_SECONDS + " s: "
                    + records.stream().map(r -> r.partition() + "@" + r.offset() + "=" + r.value()).toList());
        }
        return records;
    }

    @Override
    public void close() {
        admin.close();
    }

    private <T> T await(String what, KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what + " on " + bootstrapServers, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not " + what + " on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + ADMIN_TIMEOUT_SECONDS + " s trying to " + what
                    + " on " + bootstrapServers, e);
        }
    }
}
