package dev.courier.embeddedkafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The server properties of one combined broker+controller node: the cluster's layout (ids, ports, directories)
 * plus defaults tuned for fast, durable-enough test and dev clusters. User properties are applied last and win.
 */
final class BrokerDefaults {

    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerDefaults() {
    }

    static Properties forNode(int nodeId, List<NodePorts> ports, Path logDir, Map<String, String> overrides) {
        int nodes = ports.size();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", IntStream.range(0, nodes)
                .mapToObj(i -> i + "@" + HOST + ":" + ports.get(i).controller())
                .collect(Collectors.joining(",")));
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + ports.get(nodeId).broker() + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + ports.get(nodeId).controller());
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + ports.get(nodeId).broker());
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());

        // Topics are created on purpose (by tests or `courier topics create`), never by a typo in a client.
        p.put("auto.create.topics.enable", "false");
        // A consumer group should start the moment its members join: tests wait on it.
        p.put("group.initial.rebalance.delay.ms", "0");

        // Internal topics: fully replicated; with three nodes one may be down and writes still succeed.
        String replicas = Integer.toString(Math.min(nodes, 3));
        String minIsr = nodes >= 3 ? "2" : "1";
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        // Fewer internal partitions: the first consumer group and the first transaction create these topics,
        // and fifty partitions each cost seconds on a two-core machine.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");

        // A few threads and small buffers: several nodes share one JVM and a small machine.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");
        p.put("background.threads", "2");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));

        // Leadership moves fast when a node stops, so failover tests do not wait on default timeouts.
        p.put("controller.quorum.election.timeout.ms", "1000");
        p.put("controller.quorum.fetch.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "3000");
        p.put("replica.lag.time.max.ms", "5000");

        p.putAll(overrides);
        return p;
    }
}
