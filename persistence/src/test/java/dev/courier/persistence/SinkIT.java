package dev.courier.persistence;

import static dev.courier.persistence.Fixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.events.ChatEvent;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptKind;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink on the real broker and PostgreSQL: records produced with the events codec end up in the tables. */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkIT {

    private final SinkHarness harness;

    // One instance for the class (PER_CLASS), so one harness: its topics, pool and producer are built once.
    SinkIT(KafkaTestContext kafka, PostgresTestDatabase db) {
        harness = new SinkHarness(kafka, db);
    }

    @AfterAll
    void close() {
        harness.close();
    }

    @Test
    @DisplayName("chat-log, receipts and unread land in their tables; garbage and a poison row go to rejected")
    void endToEnd() {
        var topics = harness.topics;
        UUID a = UUID.randomUUID(), b = UUID.randomUUID();
        List<UUID> chats = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID c : chats) {
            harness.send(topics.chatLog(), c.toString(), Fixtures.chat(c, a, b));
            for (long seq = 2; seq <= 51; seq++) {
                harness.send(topics.chatLog(), c.toString(), Fixtures.message(c, seq % 2 == 0 ? a : b, seq, "msg " + seq));
            }
            harness.send(topics.receipts(), c.toString(), Fixtures.receipt(c, b, ReceiptKind.DELIVERED, 40, 0));
            harness.send(topics.receipts(), c.toString(), Fixtures.receipt(c, b, ReceiptKind.READ, 30, 0));
            harness.send(topics.unread(), b.toString(), Fixtures.unread(b, c, 10, 30, 51, 50));
            harness.send(topics.unread(), b.toString(), Fixtures.unread(b, c, 11, 30, 51, 51));
        }
        UUID c0 = chats.get(0);
        // Poison: a different message claiming an existing seq; garbage: not JSON at all.
        String clientId = "clash";
        harness.send(topics.chatLog(), c0.toString(), new MessageSent(c0, MessageIds.derive(c0, a, clientId), a, clientId,
                "clash", Fixtures.at(9), Fixtures.at(9), 10L));
        harness.sendRaw(topics.chatLog(), c0.toString(), "garbage!".getBytes(StandardCharsets.UTF_8));
        harness.send(topics.chatLog(), c0.toString(), Fixtures.message(c0, a, 52, "after the poison"));
        harness.flush();

        Sink sink = harness.sink(SinkHarness.settings().withConsumerGroup("e2e"), Map.of());
        assertThat(sink.isReady()).isFalse();
        sink.start();
        PostgresTestDatabase db = harness.db;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(harness.storedOffsets("e2e")).isEqualTo(SinkHarness.nonEmpty(harness.endOffsets())));
        assertThat(sink.isReady()).isTrue();
        assertThat(count(db, "SELECT count(*) FROM messages")).isEqualTo(4 * 50 + 1);
        assertThat(count(db, "SELECT count(*) FROM chats WHERE latest_seq = 51")).isEqualTo(3);
        assertThat(count(db, "SELECT latest_seq FROM chats WHERE id = '" + c0 + "'")).isEqualTo(52);
        assertThat(count(db, "SELECT count(*) FROM chat_participants WHERE user_id = '" + b
                + "' AND delivered_seq = 40 AND read_seq = 30")).isEqualTo(4);
        assertThat(count(db, "SELECT sum(unread_count) FROM unread_messages WHERE user_id = '" + b + "'")).isEqualTo(44);
        assertThat(count(db, "SELECT count(*) FROM message_delivery WHERE recipient_id = '" + b + "' AND status = 'read'"))
                .isEqualTo(4 * 15);

        List<ConsumerRecord<String, String>> rejected = harness.kafka.readRecords(topics.rejected().name(), 2);
        List<Rejected> values = rejected.stream().map(r -> Fixtures.CODEC.decode(
                r.value().getBytes(StandardCharsets.UTF_8), Rejected.class)).map(d -> ((dev.courier.events.Decoded.Valid<Rejected>) d).event()).toList();
        assertThat(values).extracting(Rejected::reason).containsExactlyInAnyOrder(RejectReason.DATABASE, RejectReason.MALFORMED);
        assertThat(values).filteredOn(v -> v.reason() == RejectReason.DATABASE).singleElement().satisfies(v -> {
            assertThat(v.detail()).contains("messages_chat_id_seq_key");
            assertThat(v.sourceTopic()).isEqualTo(topics.chatLog().name());
            assertThat(v.rawValue()).contains("\"clash\"");
        });
        assertThat(rejected).allSatisfy(r -> assertThat(r.key()).isEqualTo(c0.toString()));
        assertThat(harness.counter("courier.sink.rejects", "reason", "database")).isEqualTo(1);
        assertThat(harness.counter("courier.sink.rows.written", "table", "messages")).isEqualTo(201);
        sink.close();
        assertThat(sink.isReady()).isFalse();
        assertThat(ChatEvent.class).isNotNull();
    }
}
