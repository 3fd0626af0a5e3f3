package dev.courier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.testkit.ConsumerGroupTool;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The offsets a running sink keeps, seen from outside: Kafka's own kafka-consumer-groups on topics written in
 * transactions (as the worker writes them), the records-behind gauge, and sink_offsets when another instance claims
 * the partitions.
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkOffsetsIT {

    private final SinkHarness harness;
    private final KafkaProducer<String, byte[]> transactional;

    SinkOffsetsIT(KafkaTestContext kafka, PostgresTestDatabase db) {
        harness = new SinkHarness(kafka, db);
        Map<String, Object> p = kafka.transactionalProducerProps("worker-like");
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        transactional = new KafkaProducer<>(p);
        transactional.initTransactions();
    }

    @AfterAll
    void close() {
        transactional.close();
        harness.close();
    }

    @Test
    @DisplayName("a caught-up sink on transactional topics shows LAG 0 in kafka-consumer-groups and 0 records behind, also after one more message")
    void caughtUpMeansZero() {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID(), b = UUID.randomUUID();
        inTransaction(List.of(Fixtures.chat(c, a, b), Fixtures.message(c, a, 2, "one")), c);
        inTransaction(List.of(Fixtures.message(c, b, 3, "two")), c);
        Sink sink = harness.sink(SinkHarness.settings().withConsumerGroup("markers"), Map.of());
        sink.start();
        String group = harness.kafka.topicPrefix() + "markers";

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertCaughtUp(group));
        inTransaction(List.of(Fixtures.message(c, a, 4, "three")), c);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Fixtures.count(harness.db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'")).isEqualTo(3);
            assertCaughtUp(group);
        });
    }

    @Test
    @DisplayName("when another instance claims the partitions, the old owner's batch commits nothing, offsets never go back, and everything is written once")
    void claimedPartitionsFenceTheOldOwner() throws Exception {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID(), b = UUID.randomUUID();
        harness.send(harness.topics.chatLog(), c.toString(), Fixtures.chat(c, a, b));
        for (long seq = 2; seq <= 200; seq++) {
            harness.send(harness.topics.chatLog(), c.toString(), Fixtures.message(c, a, seq, "m" + seq));
        }
        harness.flush();
        Sink sink = harness.sink(SinkHarness.settings().withConsumerGroup("fencing"), Map.of());
        sink.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.count(harness.db,
                "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'") == 199);
        List<Map<TopicPartition, Long>> seen = new CopyOnWriteArrayList<>();

        // What a second instance does when the group hands it the partitions: bump their owner epochs.
        try (Connection conn = harness.db.connect(); Statement s = conn.createStatement()) {
            s.executeUpdate("UPDATE sink_offsets SET owner_epoch = owner_epoch + 1 WHERE consumer_group = '"
                    + harness.kafka.topicPrefix() + "fencing'");
        }
        for (long seq = 201; seq <= 400; seq++) {
            harness.send(harness.topics.chatLog(), c.toString(), Fixtures.message(c, a, seq, "m" + seq));
            if (seq % 50 == 0) {
                seen.add(harness.storedOffsets("fencing"));
            }
        }
        harness.flush();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            seen.add(harness.storedOffsets("fencing"));
            assertThat(harness.storedOffsets("fencing")).isEqualTo(SinkHarness.nonEmpty(harness.endOffsets()));
        });
        assertThat(harness.counter("courier.sink.fenced")).as("batches refused under the old epoch").isPositive();
        assertThat(Fixtures.count(harness.db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'")).isEqualTo(399);
        for (int i = 1; i < seen.size(); i++) {
            Map<TopicPartition, Long> before = seen.get(i - 1);
            seen.get(i).forEach((tp, o) -> assertThat(o).as("offset of " + tp).isGreaterThanOrEqualTo(before.getOrDefault(tp, 0L)));
        }
        assertThat(sink.isReady()).isTrue();
    }

    private void assertCaughtUp(String group) {
        List<ConsumerGroupTool.Row> rows = ConsumerGroupTool.describe(harness.kafka.bootstrapServers(), group);
        assertThat(rows).filteredOn(r -> r.logEndOffset() > 0).isNotEmpty()
                .allSatisfy(r -> assertThat(r.lag()).as(r.topic() + "-" + r.partition()).isZero());
        assertThat(harness.gauge("courier.sink.records.behind")).isZero();
    }

    private void inTransaction(List<dev.courier.events.CourierEvent> events, UUID chat) {
        transactional.beginTransaction();
        for (dev.courier.events.CourierEvent e : events) {
            transactional.send(new ProducerRecord<>(harness.topics.chatLog().name(), chat.toString(), Fixtures.encode(e)));
        }
        transactional.commitTransaction();
    }
}
