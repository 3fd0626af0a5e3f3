package dev.courier.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.kafka.TopicCreator;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.RejectReason;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline as three separate {@code courier} processes (ingest, worker, sink) while random ones are killed with
 * SIGKILL mid-run and started again: every message answered 202 ends up exactly once in chat-log and in
 * {@code messages}, seqs stay dense, unread counts equal their definition. {@code mvn verify} runs a short version;
 * {@code -Pchaos} the long one (20,000 messages, 16 kills; see {@code docs/operations.md}).
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class ProcessCrashIT {

    private static final Logger log = LoggerFactory.getLogger(ProcessCrashIT.class);
    private static final String KEY = "chaos-admin-key";

    private final int messages = Integer.getInteger("courier.chaos.messages", 1_500);
    private final Duration duration = Duration.ofSeconds(Integer.getInteger("courier.chaos.seconds", 36));
    private final int killsWanted = Integer.getInteger("courier.chaos.kills", 3);

    @Test
    @DisplayName("SIGKILLs of ingest, worker and sink processes mid-run lose and double nothing that was answered 202")
    void killsLoseNothing(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults()));
        new TopicCreator(kafka.admin()).createAll(topics, 3, Optional.empty());
        Map<String, String> env = Map.of(
                "COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "COURIER_TOPIC_PREFIX", kafka.topicPrefix(),
                "COURIER_PARTITIONS", "3",
                "COURIER_DATABASE_URL", db.jdbcUrl(),
                "COURIER_API_KEYS", KEY + ":admin",
                "COURIER_WORKER_THREADS", "1");
        List<CourierProcess> processes = List.of(
                new CourierProcess("ingest", "ingest", env, dataDir.resolve("ingest")),
                new CourierProcess("worker", "worker", env, dataDir.resolve("worker")),
                new CourierProcess("sink", "sink", env, dataDir.resolve("sink")));
        CourierProcess ingest = processes.get(0);
        try {
            processes.forEach(CourierProcess::start);
            await("every process ready").atMost(Duration.ofMinutes(2)).until(() -> processes.stream().allMatch(CourierProcess::isReady));

            ChatTraffic traffic = new ChatTraffic(ingest::httpPort, KEY, 42);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                traffic.createChats(24, 4);
                traffic.sendMessages(messages, duration);
            });
            Random random = new Random(7);
            List<CourierProcess> order = new ArrayList<>();
            long interval = duration.toMillis() / (killsWanted + 1);
            int kills = 0;
            while (!load.isDone() || kills < killsWanted) {
                try {
                    load.get(interval, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // time for the next kill
                }
                if (order.isEmpty()) { // every kind is killed once per round, in a random order
                    order.addAll(processes);
                    Collections.shuffle(order, random);
                }
                CourierProcess victim = order.remove(0);
                log.info("SIGKILL {} ({} of {} at least)", victim, kills + 1, killsWanted);
                victim.kill();
                victim.start();
                kills++;
            }
            load.get();
            await("every process ready again").atMost(Duration.ofMinutes(3)).until(() -> processes.stream().allMatch(CourierProcess::isReady));

            PipelineAudit audit = new PipelineAudit(kafka.bootstrapServers(), topics, db);
            audit.assertExactlyOnce(traffic.chatIds(), traffic.accepted(), Duration.ofMinutes(3));
            Map<RejectReason, Long> rejects = audit.rejects(traffic.chatIds());
            log.info("{} messages accepted, {} failed attempts retried, {} deliberate resends, kills: {}, rejects: {}",
                    traffic.accepted().size(), traffic.failedAttempts(), traffic.resends(), processes, rejects);
            assertThat(traffic.accepted()).hasSize(messages);
            assertThat(processes).allSatisfy(p -> assertThat(p.kills()).isPositive());
            // Resends and retries after a lost answer are duplicates the worker drops; nothing else may be refused.
            assertThat(rejects.keySet()).isSubsetOf(RejectReason.DUPLICATE, RejectReason.CHAT_EXISTS);
        } finally {
            processes.forEach(CourierProcess::close);
        }
    }
}
