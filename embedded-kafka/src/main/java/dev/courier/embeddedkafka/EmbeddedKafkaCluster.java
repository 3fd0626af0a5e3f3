package dev.courier.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka cluster running inside this JVM (the {@code kafka_2.13} server, no ZooKeeper): one or three
 * combined broker+controller nodes on the loopback interface.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).build().start()) {
 *     String bootstrap = kafka.bootstrapServers();
 *     kafka.stopNode(1);   // "broker down"
 *     kafka.startNode(1);  // back on the same port with the same data
 * }
 * }</pre>
 *
 * <p>Single node: internal topics have replication factor 1. Three nodes: replication factor 3 and
 * {@code min.insync.replicas=2}, so {@code acks=all} writes and transactions survive one stopped node.
 * Topics are never auto-created. Transactions (and Kafka Streams {@code exactly_once_v2}) work on both.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final List<KafkaNode> nodes;
    private boolean closed;

    private EmbeddedKafkaCluster(Builder builder) {
        this.deleteDataDirOnClose = builder.dataDir == null;
        this.dataDir = builder.dataDir != null ? createDirectories(builder.dataDir) : createTempDir();
        List<Integer> free = FreePorts.distinct(2 * builder.nodes);
        List<NodePorts> ports = new ArrayList<>();
        for (int i = 0; i < builder.nodes; i++) {
            int broker = i == 0 && builder.port != 0 ? builder.port : free.get(2 * i);
            ports.add(new NodePorts(broker, free.get(2 * i + 1)));
        }
        List<KafkaNode> list = new ArrayList<>();
        try {
            for (int i = 0; i < builder.nodes; i++) {
                Path logDir = dataDir.resolve("node-" + i);
                list.add(new KafkaNode(i, ports.get(i), logDir,
                        BrokerDefaults.forNode(i, ports, logDir, builder.brokerProperties)));
            }
        } catch (RuntimeException e) {
            // A bad broker property must not leave a temporary directory behind.
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
        this.nodes = List.copyOf(list);
    }

    /** Options: {@link Builder#nodes(int)}, {@link Builder#port(int)}, {@link Builder#dataDir(Path)}, properties. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats storage where needed and starts every node, returning once all brokers are serving.
     * Nodes start concurrently because each waits for a controller quorum that needs its peers.
     */
    public synchronized EmbeddedKafkaCluster start() {
        if (closed) {
            throw new IllegalStateException("EmbeddedKafkaCluster in " + dataDir + " is closed");
        }
        long began = System.nanoTime();
        String clusterId = nodes.stream()
                .map(n -> StorageFormat.clusterIdOf(n.logDir()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(() -> Uuid.randomUuid().toString());
        nodes.forEach(n -> n.formatIfNeeded(clusterId));
        try {
            runOnEachNode(nodes, KafkaNode::start);
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
        LOG.info("Embedded Kafka started: {} node(s), cluster {}, bootstrap {}, data {}{}, in {} ms",
                nodes.size(), clusterId, bootstrapServers(), dataDir, deleteDataDirOnClose ? " (temporary)" : "",
                (System.nanoTime() - began) / 1_000_000);
        return this;
    }

    /** Comma-separated {@code host:port} of every node, running or not, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaNode::bootstrapAddress).collect(Collectors.joining(","));
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** The directory holding each node's log directory ({@code node-<id>}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops node {@code nodeId} with a controlled shutdown, keeping its port and data for {@link #startNode}. */
    public void stopNode(int nodeId) {
        long began = System.nanoTime();
        node(nodeId).stop();
        LOG.info("Embedded Kafka node {} stopped in {} ms", nodeId, (System.nanoTime() - began) / 1_000_000);
    }

    /** Starts a stopped node again on the same port with the same data; blocks until its broker serves. */
    public void startNode(int nodeId) {
        long began = System.nanoTime();
        node(nodeId).start();
        LOG.info("Embedded Kafka node {} started at {} in {} ms", nodeId, node(nodeId).bootstrapAddress(),
                (System.nanoTime() - began) / 1_000_000);
    }

    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /** Stops every node and, when the data directory was temporary, deletes it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long began = System.nanoTime();
        try {
            stopAll();
        } finally {
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
            }
        }
        LOG.info("Embedded Kafka at {} closed in {} ms", bootstrapServers(), (System.nanoTime() - began) / 1_000_000);
    }

    private void stopAll() {
        // Concurrently: a node stopping alone would wait for a quorum its already-stopped peers no longer form.
        runOnEachNode(nodes.stream().filter(KafkaNode::isRunning).toList(), KafkaNode::stop);
    }

    private KafkaNode node(int nodeId) {
        if (nodeId < 0 || nodeId >= nodes.size()) {
            throw new IllegalArgumentException("No Kafka node " + nodeId + " in a cluster of " + nodes.size());
        }
        return nodes.get(nodeId);
    }

    private static void runOnEachNode(List<KafkaNode> targets, Consumer<KafkaNode> action) {
        if (targets.size() == 1) {
            action.accept(targets.get(0));
            return;
        }
        List<CompletableFuture<Void>> futures = targets.stream()
                .map(n -> CompletableFuture.runAsync(() -> action.accept(n), runnable -> {
                    Thread t = new Thread(runnable, "embedded-kafka-node-" + n.id());
                    t.setDaemon(true);
                    t.start();
                }))
                .toList();
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("courier-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary Kafka data directory", e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka data directory {}: {}", dir, e.toString());
        }
    }

    /** Builder for {@link EmbeddedKafkaCluster}; every option has a test-friendly default. */
    public static final class Builder {

        private int nodes = 1;
        private int port;
        private Path dataDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** 1 (default) or 3 combined broker+controller nodes. */
        public Builder nodes(int count) {
            if (count != 1 && count != 3) {
                throw new IllegalArgumentException("An embedded Kafka cluster has 1 or 3 nodes, not " + count);
            }
            this.nodes = count;
            return this;
        }

        /** Broker port of node 0; 0 (default) picks a free port. Other nodes always get free ports. */
        public Builder port(int brokerPort) {
            if (brokerPort < 0 || brokerPort > 65535) {
                throw new IllegalArgumentException("Kafka broker port must be 0..65535, not " + brokerPort);
            }
            this.port = brokerPort;
            return this;
        }

        /**
         * Keep data in {@code dir} (created if missing, never deleted) so topics and records survive restarts.
         * Default: a temporary directory deleted on close.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** A broker property applied to every node after the defaults, e.g. {@code log.retention.ms}. */
        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(name, value);
            return this;
        }

        public Builder brokerProperties(Map<String, String> properties) {
            brokerProperties.putAll(properties);
            return this;
        }

        /** Allocates ports and validates the broker configuration; {@link #start()} then runs it. */
        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }
    }
}
