package dev.courier.embeddedkafka;

import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/** One combined broker+controller node of an {@link EmbeddedKafkaCluster}; restartable on the same ports and data. */
final class KafkaNode {

    private final int id;
    private final NodePorts ports;
    private final Path logDir;
    private final KafkaConfig config;
    // Guarded by this: start and stop may come from test threads and the shutdown hook.
    private KafkaRaftServer server;

    KafkaNode(int id, NodePorts ports, Path logDir, Properties properties) {
        this.id = id;
        this.ports = ports;
        this.logDir = logDir;
        try {
            // doLog=false: KafkaConfig would otherwise print all ~400 settings at INFO for every node start.
            this.config = KafkaConfig.fromProps(properties, false);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid broker properties for node " + id + ": " + e.getMessage(), e);
        }
    }

    int id() {
        return id;
    }

    NodePorts ports() {
        return ports;
    }

    Path logDir() {
        return logDir;
    }

    String bootstrapAddress() {
        return BrokerDefaults.HOST + ":" + ports.broker();
    }

    /** Formats the log directory under {@code clusterId} unless it already is formatted. */
    void formatIfNeeded(String clusterId) {
        if (!StorageFormat.isFormatted(logDir)) {
            StorageFormat.format(config, clusterId);
        }
    }

    /** Blocks until the node's broker is unfenced, which needs a controller quorum: start peers concurrently. */
    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Kafka node " + id + " is already running on " + bootstrapAddress());
        }
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
        } catch (RuntimeException e) {
            shutDown(candidate);
            throw new IllegalStateException("Kafka node " + id + " failed to start on " + bootstrapAddress()
                    + " with data in " + logDir + ": " + e.getMessage(), e);
        }
        server = candidate;
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    /** Controlled shutdown: leadership moves to live replicas before the node goes. No-op if already stopped. */
    synchronized void stop() {
        if (server != null) {
            KafkaRaftServer stopping = server;
            server = null;
            shutDown(stopping);
        }
    }

    private static void shutDown(KafkaRaftServer s) {
        s.shutdown();
        s.awaitShutdown();
    }
}
