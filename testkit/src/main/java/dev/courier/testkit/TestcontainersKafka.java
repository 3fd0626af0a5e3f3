package dev.courier.testkit;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The shared test broker as a Docker container ({@code apache/kafka}, same version as kafka-clients unless
 * {@code -Dcourier.test.kafka.image=...} says otherwise), configured like the embedded one.
 *
 * <p>Only {@link TestKafka} loads this class, reflectively, so the embedded path never needs Testcontainers
 * on the classpath.
 */
final class TestcontainersKafka implements SharedKafka {

    static final String IMAGE_PROPERTY = "courier.test.kafka.image";

    private final KafkaContainer container;

    TestcontainersKafka() {
        String image = System.getProperty(IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion());
        KafkaContainer c = new KafkaContainer(image)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        try {
            c.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot start Kafka container " + image
                    + " (is a Docker engine running? Without one, use -Dcourier.test.kafka=embedded)", e);
        }
        this.container = c;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Testcontainers " + container.getDockerImageName();
    }

    @Override
    public void close() {
        container.stop();
    }
}
