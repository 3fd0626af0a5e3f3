package dev.courier.testkit;

import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import java.lang.reflect.InvocationTargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka broker that all tests in a JVM share: started on first use, stopped by a shutdown hook.
 *
 * <p>{@code -Dcourier.test.kafka=embedded} (the default; also when the property is empty or an unresolved
 * {@code ${...}}) runs a single-node {@link EmbeddedKafkaCluster}; {@code -Dcourier.test.kafka=testcontainers}
 * runs an {@code apache/kafka} container instead. Tests isolate themselves with unique topic names
 * (see {@link KafkaTestContext#topicPrefix()}), never by restarting this broker: use an
 * {@link EmbeddedKafkaCluster} of their own for that.
 */
public final class TestKafka {

    /** System property selecting how the shared broker runs. */
    public static final String MODE_PROPERTY = "courier.test.kafka";

    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);

    private TestKafka() {
    }

    /** Bootstrap servers of the shared broker, starting it if this is the JVM's first call. */
    public static String bootstrapServers() {
        return Holder.KAFKA.bootstrapServers();
    }

    /** The mode {@link #MODE_PROPERTY} resolves to: {@code embedded} or {@code testcontainers}. */
    public static String mode() {
        String raw = System.getProperty(MODE_PROPERTY, "").trim();
        // Surefire passes "${courier.test.kafka}" verbatim when the build never defined the property.
        if (raw.isEmpty() || raw.startsWith("${") || raw.equalsIgnoreCase("embedded")) {
            return "embedded";
        }
        if (raw.equalsIgnoreCase("testcontainers")) {
            return "testcontainers";
        }
        throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + raw
                + " is not supported: use 'embedded' (default) or 'testcontainers'");
    }

    /** Lazy holder: the JVM runs this class's initializer, once and thread-safely, on first access. */
    private static final class Holder {

        static final SharedKafka KAFKA = start();

        private static SharedKafka start() {
            long began = System.nanoTime();
            SharedKafka kafka = "testcontainers".equals(mode()) ? startContainer() : startEmbedded();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "shared-test-kafka-shutdown"));
            LOG.info("Shared test Kafka ({}) at {} ready in {} ms", kafka.description(), kafka.bootstrapServers(),
                    (System.nanoTime() - began) / 1_000_000);
            return kafka;
        }

        private static SharedKafka startEmbedded() {
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
            return new SharedKafka() {
                @Override
                public String bootstrapServers() {
                    return cluster.bootstrapServers();
                }

                @Override
                public String description() {
                    return "embedded KRaft, 1 node";
                }

                @Override
                public void close() {
                    cluster.close();
                }
            };
        }

        private static SharedKafka startContainer() {
            try {
                // Reflectively, so that the embedded path never links against Testcontainers.
                return (SharedKafka) Class.forName(TestKafka.class.getPackageName() + ".TestcontainersKafka")
                        .getDeclaredConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException("Cannot start the Testcontainers Kafka", e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("-D" + MODE_PROPERTY + "=testcontainers needs "
                        + "org.testcontainers:kafka on the test classpath", e);
            }
        }
    }
}
