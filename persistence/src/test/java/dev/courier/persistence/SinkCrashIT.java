package dev.courier.persistence;

import static dev.courier.persistence.Fixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash safety: the sink's consumer is killed without close at random points of a 20,000-message run, several times,
 * and a new sink (same group) takes over each time. Afterwards every message is in the table exactly once, the stored
 * offsets are the log end, and the committed batches add up to exactly the records in the topics (none was written
 * twice, by any instance).
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkCrashIT {

    private static final Logger log = LoggerFactory.getLogger(SinkCrashIT.class);
    private static final int CHATS = 200;
    private static final int MESSAGES_PER_CHAT = 100;
    private static final int KILLS = 5;

    private final SinkHarness harness;

    // One instance for the class (PER_CLASS), so one harness: its topics, pool and producer are built once.
    SinkCrashIT(KafkaTestContext kafka, PostgresTestDatabase db) {
        harness = new SinkHarness(kafka, db);
    }

    @AfterAll
    void close() {
        harness.close();
    }

    @Test
    @DisplayName("killing the sink at random points loses and doubles nothing")
    void killedAtRandomPoints() throws InterruptedException {
        long seed = System.nanoTime();
        log.info("seed {}", seed);
        Random random = new Random(seed);
        List<UUID> chats = new ArrayList<>();
        UUID a = UUID.randomUUID(), b = UUID.randomUUID();
        for (int i = 0; i < CHATS; i++) {
            UUID c = UUID.randomUUID();
            chats.add(c);
            harness.send(harness.topics.chatLog(), c.toString(), Fixtures.chat(c, a, b));
        }
        for (int seq = 2; seq <= MESSAGES_PER_CHAT + 1; seq++) {
            for (UUID c : chats) {
                harness.send(harness.topics.chatLog(), c.toString(), Fixtures.message(c, seq % 2 == 0 ? a : b, seq,
                        "message " + seq + " of " + c));
            }
        }
        harness.flush();
        int total = CHATS * MESSAGES_PER_CHAT;
        // Static membership: a new instance with the same group.instance.id replaces the killed one at once, as a
        // restarted pod would, instead of waiting for the dead member's session to time out.
        Map<String, Object> consumer = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "sink-0",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 300);
        SinkSettings settings = SinkHarness.settings().withBatching(700, Duration.ofMillis(5)).withConsumerGroup("crash");
        List<Integer> killAt = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            killAt.add(500 + random.nextInt(total - 2_000));
        }
        killAt.sort(null);
        for (int threshold : killAt) {
            Sink sink = harness.sink(settings, consumer);
            sink.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> count(harness.db, "SELECT count(*) FROM messages") >= threshold);
            sink.halt();
            log.info("killed the sink at {} messages (threshold {})", count(harness.db, "SELECT count(*) FROM messages"),
                    threshold);
        }
        Sink last = harness.sink(settings, consumer);
        last.start();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(harness.storedOffsets("crash")).isEqualTo(SinkHarness.nonEmpty(harness.endOffsets())));
        assertThat(count(harness.db, "SELECT count(*) FROM messages")).isEqualTo(total);
        assertThat(count(harness.db, "SELECT count(DISTINCT (chat_id, seq)) FROM messages")).isEqualTo(total);
        assertThat(count(harness.db, "SELECT count(*) FROM chats WHERE latest_seq = " + (MESSAGES_PER_CHAT + 1)))
                .isEqualTo(CHATS);
        // Each committed batch is counted once, by the instance that committed it: the sum over all six instances
        // equals the records in the topic only if no record was committed twice.
        assertThat(harness.counter("courier.sink.records")).isEqualTo(CHATS + total);
        assertThat(harness.counter("courier.sink.rows.written", "table", "messages")).isEqualTo(total);
        assertThat(last.isReady()).isTrue();
    }
}
