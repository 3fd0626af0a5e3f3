package dev.courier.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.kafka.TopicCreator;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.RejectReason;
import dev.courier.events.Topics;
import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.ThreeNodeKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Courier scaled out on three brokers (replication 3, {@code min.insync.replicas} 2) with two worker and two sink
 * processes sharing the partitions. Mid-run the broker leading most partitions stops, and one worker and one sink
 * are killed with SIGKILL and stay dead: the survivors take their partitions over, nothing acknowledged is lost or
 * doubled, and every consumer group's lag returns to 0.
 */
@ExtendWith({ThreeNodeKafkaExtension.class, PostgresDatabaseExtension.class})
class ScaleOutIT {

    private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);
    private static final String KEY = "scale-admin-key";

    private final int messages = Integer.getInteger("courier.chaos.messages", 1_500);
    private final Duration duration = Duration.ofSeconds(Integer.getInteger("courier.chaos.seconds", 36));

    @Test
    @DisplayName("losing a leader broker, a worker and a sink mid-run loses and doubles nothing, and lag returns to 0")
    void survivesLosses(KafkaTestContext kafka, EmbeddedKafkaCluster cluster, PostgresTestDatabase db,
                        @TempDir Path dataDir) throws Exception {
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults()));
        new TopicCreator(kafka.admin()).createAll(topics, 4, Optional.of((short) 3));
        Map<String, String> env = Map.of(
                "COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "COURIER_TOPIC_PREFIX", kafka.topicPrefix(),
                "COURIER_PARTITIONS", "4",
                "COURIER_REPLICATION_FACTOR", "3",
                "COURIER_DATABASE_URL", db.jdbcUrl(),
                "COURIER_API_KEYS", KEY + ":admin",
                "COURIER_WORKER_THREADS", "1");
        CourierProcess ingest = new CourierProcess("ingest", "ingest", env, dataDir.resolve("ingest"));
        CourierProcess worker1 = new CourierProcess("worker-a", "worker", env, dataDir.resolve("worker-a"));
        CourierProcess worker2 = new CourierProcess("worker-b", "worker", env, dataDir.resolve("worker-b"));
        CourierProcess sink1 = new CourierProcess("sink-a", "sink", env, dataDir.resolve("sink-a"));
        CourierProcess sink2 = new CourierProcess("sink-b", "sink", env, dataDir.resolve("sink-b"));
        List<CourierProcess> processes = List.of(ingest, worker1, worker2, sink1, sink2);
        try {
            processes.forEach(CourierProcess::start);
            await("every process ready").atMost(Duration.ofMinutes(3)).until(() -> processes.stream().allMatch(CourierProcess::isReady));

            ChatTraffic traffic = new ChatTraffic(ingest::httpPort, KEY, 11);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                traffic.createChats(24, 4);
                traffic.sendMessages(messages, duration);
            });
            waitFor(load, duration.dividedBy(3));
            int leader = busiestLeader(kafka, topics);
            log.info("stopping broker {}, the leader of most partitions", leader);
            cluster.stopNode(leader);
            waitFor(load, duration.dividedBy(6));
            log.info("SIGKILL {} and {}", worker2, sink2);
            worker2.kill();
            sink2.kill();
            load.get(5, TimeUnit.MINUTES);

            List<CourierProcess> survivors = List.of(ingest, worker1, sink1);
            await("survivors ready").atMost(Duration.ofMinutes(3)).until(() -> survivors.stream().allMatch(CourierProcess::isReady));
            PipelineAudit audit = new PipelineAudit(kafka.bootstrapServers(), topics, db);
            audit.assertExactlyOnce(traffic.chatIds(), traffic.accepted(), Duration.ofMinutes(3));
            assertThat(traffic.accepted()).hasSize(messages);
            Map<RejectReason, Long> rejects = audit.rejects(traffic.chatIds());
            assertThat(rejects.keySet()).isSubsetOf(RejectReason.DUPLICATE, RejectReason.CHAT_EXISTS);

            await("lag back to 0").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                assertThat(PipelineAudit.lag(kafka.admin(), kafka.topicPrefix() + "sink",
                        List.of(topics.chatLog().name(), topics.receipts().name(), topics.unread().name()))).isZero();
                assertThat(PipelineAudit.lag(kafka.admin(), kafka.topicPrefix() + "delivery-worker",
                        List.of(topics.chatEventsIn().name(), topics.receiptsIn().name()))).isZero();
            });
            log.info("{} messages accepted, {} failed attempts retried, rejects {}", traffic.accepted().size(),
                    traffic.failedAttempts(), rejects);
        } finally {
            processes.forEach(CourierProcess::close);
        }
    }

    /** Waits for {@code d}, or less if the load ends (or fails) first. */
    private static void waitFor(CompletableFuture<Void> load, Duration d) throws Exception {
        try {
            load.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the load goes on
        }
    }

    /** The broker that leads most partitions of the chat-scoped topics. */
    private static int busiestLeader(KafkaTestContext kafka, Topics topics) {
        Map<Integer, Long> led = List.of(topics.chatEventsIn(), topics.chatLog(), topics.receipts()).stream()
                .flatMap(t -> java.util.stream.IntStream.range(0, 4).mapToObj(p -> kafka.leaderOf(t.name(), p)))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
