package dev.courier.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.events.ChatEvent;
import dev.courier.events.MessageSent;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.events.Topics;
import dev.courier.testkit.DatabaseInvariants;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TopicContents;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks DESIGN §2 after a run, from outside: what chat-log and PostgreSQL hold for the chats a test wrote to, against
 * the message ids that ingest answered 202 for.
 */
final class PipelineAudit {

    private final String bootstrap;
    private final Topics topics;
    private final PostgresTestDatabase db;

    PipelineAudit(String bootstrap, Topics topics, PostgresTestDatabase db) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.db = db;
    }

    /** Waits until PostgreSQL holds exactly the accepted messages of {@code chats}, then checks every invariant. */
    void assertExactlyOnce(Collection<UUID> chats, Set<UUID> accepted, Duration wait) throws SQLException {
        Set<UUID> chatSet = new HashSet<>(chats);
        await("PostgreSQL to hold every 202'd message").atMost(wait).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(storedMessages(chatSet).keySet()).containsExactlyInAnyOrderElementsOf(accepted));
        List<ConsumerRecord<String, ChatEvent>> log = chatLog(chatSet);
        // Invariant 2 on chat-log: every 202'd message, and nothing else.
        assertThat(sequencedIds(log)).as("messages in chat-log").containsExactlyInAnyOrderElementsOf(accepted);
        assertAgreesWithLog(chatSet, log, wait);
    }

    /**
     * Checks that PostgreSQL agrees with chat-log for {@code chats} once the sink caught up (waiting up to
     * {@code wait}): the same messages at the same seqs, dense seqs, no message twice, unread counts as defined.
     */
    void assertDatabaseAgreesWithLog(Collection<UUID> chats, Duration wait) throws SQLException {
        Set<UUID> chatSet = new HashSet<>(chats);
        List<ConsumerRecord<String, ChatEvent>> log = chatLog(chatSet);
        await("PostgreSQL to hold chat-log's messages").atMost(wait).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(storedMessages(chatSet).keySet()).containsExactlyInAnyOrderElementsOf(sequencedIds(log)));
        assertAgreesWithLog(chatSet, log, wait);
    }

    private List<ConsumerRecord<String, ChatEvent>> chatLog(Set<UUID> chats) {
        return TopicContents.readAll(bootstrap, topics.chatLog()).stream().filter(r -> chats.contains(r.value().chatId())).toList();
    }

    private static Set<UUID> sequencedIds(List<ConsumerRecord<String, ChatEvent>> log) {
        return log.stream().map(ConsumerRecord::value).filter(MessageSent.class::isInstance)
                .map(e -> ((MessageSent) e).messageId()).collect(Collectors.toSet());
    }

    private void assertAgreesWithLog(Set<UUID> chatSet, List<ConsumerRecord<String, ChatEvent>> log, Duration wait)
            throws SQLException {
        Map<UUID, Long> timesSequenced = log.stream().map(ConsumerRecord::value).filter(MessageSent.class::isInstance)
                .collect(Collectors.groupingBy(e -> ((MessageSent) e).messageId(), Collectors.counting()));
        assertThat(timesSequenced.values()).as("times each message is in chat-log").containsOnly(1L);

        // Invariant 1: seq dense per chat, in chat-log order.
        Map<UUID, List<Long>> seqs = new HashMap<>();
        for (ConsumerRecord<String, ChatEvent> r : log) {
            seqs.computeIfAbsent(r.value().chatId(), c -> new ArrayList<>()).add(r.value().seq());
        }
        seqs.forEach((chat, list) -> assertThat(list).as("seqs of chat " + chat)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, list.size()).boxed().toList()));

        // The database agrees with chat-log on where each message sits.
        Map<UUID, String> fromLog = new TreeMap<>();
        log.stream().map(ConsumerRecord::value).filter(MessageSent.class::isInstance).map(MessageSent.class::cast)
                .forEach(m -> fromLog.put(m.messageId(), m.chatId() + "#" + m.seq()));
        assertThat(new TreeMap<>(storedMessages(chatSet))).isEqualTo(fromLog);

        // Invariant 5 (and 4, through the watermarks it reads): unread counts equal their definition in SQL.
        await("unread_messages to agree with messages").atMost(wait).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    try (Connection c = db.connect()) {
                        assertThat(DatabaseInvariants.unreadViolations(c)).isEmpty();
                    }
                });
    }

    /** Reasons of the rejects for {@code chats}, with their counts. */
    Map<RejectReason, Long> rejects(Collection<UUID> chats) {
        Set<String> keys = chats.stream().map(UUID::toString).collect(Collectors.toSet());
        return TopicContents.readAll(bootstrap, topics.rejected()).stream()
                .filter(r -> keys.contains(r.key())).map(ConsumerRecord::value)
                .collect(Collectors.groupingBy(Rejected::reason, TreeMap::new, Collectors.counting()));
    }

    /**
     * Records not yet consumed by {@code group} on {@code topicNames}, summed over partitions: the committed offsets
     * against the read_committed end (the last stable offset), as lag tools compute it.
     */
    static long lag(Admin admin, String group, Collection<String> topicNames) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(topicNames).allTopicNames().get().values().forEach(d -> d.partitions()
                .forEach(p -> ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        long lag = 0;
        var latest = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        for (TopicPartition tp : ends.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            lag += latest.get(tp).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** messageId → "chatId#seq" of the rows in {@code messages} for {@code chats}. */
    private Map<UUID, String> storedMessages(Set<UUID> chats) throws SQLException {
        Map<UUID, String> out = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, chat_id, seq FROM messages")) {
            while (rs.next()) {
                UUID chat = rs.getObject(2, UUID.class);
                if (chats.contains(chat)) {
                    out.put(rs.getObject(1, UUID.class), chat + "#" + rs.getLong(3));
                }
            }
        }
        return out;
    }
}
