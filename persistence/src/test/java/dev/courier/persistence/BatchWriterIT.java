package dev.courier.persistence;

import static dev.courier.persistence.Fixtures.chat;
import static dev.courier.persistence.Fixtures.count;
import static dev.courier.persistence.Fixtures.joined;
import static dev.courier.persistence.Fixtures.left;
import static dev.courier.persistence.Fixtures.message;
import static dev.courier.persistence.Fixtures.receipt;
import static dev.courier.persistence.Fixtures.unread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptKind;
import dev.courier.events.RejectReason;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.write.BatchWriter;
import dev.courier.persistence.internal.write.RejectSink;
import dev.courier.persistence.internal.write.WriteResult;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The batch writer against the real schema: what a batch leaves in the tables, and that replays never go back. */
@ExtendWith(PostgresDatabaseExtension.class)
class BatchWriterIT {

    private static final TopicPartition LOG = new TopicPartition("courier.chat-log", 0);
    private static final TopicPartition RECEIPTS = new TopicPartition("courier.receipts", 0);
    private static final TopicPartition UNREAD = new TopicPartition("courier.unread", 0);

    private final PostgresTestDatabase db;
    private final List<RejectSink.Rejection> rejected = new ArrayList<>();
    private final BatchWriter writer;
    // One sequence for the class: every test writes the same partition of group "g", whose offsets only move forward.
    private static final AtomicLong offsets = new AtomicLong();

    BatchWriterIT(PostgresTestDatabase db) {
        this.db = db;
        this.writer = new BatchWriter(db.dataSource(), "g", rejected::addAll, Clock.systemUTC(), () -> { });
    }

    @BeforeAll
    static void schema(PostgresTestDatabase db) {
        Fixtures.migrate(db);
    }

    private SinkRecord record(TopicPartition tp, CourierEvent e) {
        byte[] raw = Fixtures.encode(e);
        // Wrapped as decoded rather than decoded again: the writer must also isolate values that today's codec would
        // refuse (e.g. a NUL byte) but an older producer or a hand-written record could still carry.
        return new SinkRecord(tp, offsets.getAndIncrement(), "k", raw, new Decoded.Valid<>(e));
    }

    private WriteResult write(TopicPartition tp, CourierEvent... events) throws SQLException {
        List<SinkRecord> records = new ArrayList<>();
        for (CourierEvent e : events) {
            records.add(record(tp, e));
        }
        return writer.write(Batch.of(records));
    }

    @Test
    @DisplayName("a batch writes chats, members and messages; latest_seq is the chat's highest seq")
    void writesChatEvents() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID(), b = UUID.randomUUID();
        write(LOG, chat(c, a, b), message(c, a, 2, "hello"), message(c, b, 3, "hi there"));
        assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'")).isEqualTo(2);
        assertThat(count(db, "SELECT latest_seq FROM chats WHERE id = '" + c + "'")).isEqualTo(3);
        assertThat(count(db, "SELECT count(*) FROM chat_participants WHERE chat_id = '" + c + "' AND joined_seq = 1"))
                .isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM chat_participants WHERE chat_id = '" + c
                + "' AND user_id = '" + a + "' AND role = 'owner'")).isEqualTo(1);
        assertThat(count(db, "SELECT next_offset FROM sink_offsets WHERE consumer_group = 'g' AND topic = '"
                + LOG.topic() + "'")).isEqualTo(offsets.get());
    }

    @Test
    @DisplayName("replaying a whole batch adds nothing and changes nothing")
    void idempotentReplay() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID(), b = UUID.randomUUID();
        CourierEvent[] events = {chat(c, a, b), message(c, a, 2, "one"), joined(c, UUID.randomUUID(), 3),
                message(c, b, 4, "two"), receipt(c, b, ReceiptKind.READ, 2, 0)};
        write(LOG, events);
        String snapshot = "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM (SELECT id, seq, content "
                + "FROM messages WHERE chat_id = '" + c + "' UNION ALL SELECT user_id, joined_seq, "
                + "read_seq::text FROM chat_participants WHERE chat_id = '" + c + "') t";
        String before = text(snapshot);
        WriteResult replay = write(LOG, events);
        assertThat(text(snapshot)).isEqualTo(before);
        assertThat(replay.rowsByTable().get("messages")).isZero();
        assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'")).isEqualTo(2);
        assertThat(rejected).isEmpty();
    }

    @Test
    @DisplayName("a batch that repeats some stored messages (COPY refuses it) writes only the new ones, once")
    void partialReplay() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID();
        write(LOG, chat(c, a), message(c, a, 2, "one"), message(c, a, 3, "two"));
        WriteResult r = write(LOG, message(c, a, 2, "one"), message(c, a, 3, "two"), message(c, a, 4, "three"),
                message(c, a, 5, "four"));
        assertThat(r.rowsByTable().get("messages")).isEqualTo(2);
        assertThat(r.rejections()).isEmpty();
        assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'")).isEqualTo(4);
        assertThat(count(db, "SELECT latest_seq FROM chats WHERE id = '" + c + "'")).isEqualTo(5);
        assertThat(rejected).isEmpty();
    }

    @Test
    @DisplayName("chat events are applied in seq order: join, leave, re-join leaves the member joined")
    void seqOrder() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID(), u = UUID.randomUUID();
        write(LOG, chat(c, a));
        // Records arrive out of seq order only if something upstream misbehaves; the writer still applies by seq.
        write(LOG, joined(c, u, 7), left(c, u, 5), joined(c, u, 3));
        assertThat(count(db, "SELECT joined_seq FROM chat_participants WHERE user_id = '" + u + "'")).isEqualTo(7);
        assertThat(count(db, "SELECT count(*) FROM chat_participants WHERE user_id = '" + u + "' AND left_seq IS NULL"))
                .isEqualTo(1);
        write(LOG, left(c, u, 9));
        assertThat(count(db, "SELECT left_seq FROM chat_participants WHERE user_id = '" + u + "'")).isEqualTo(9);
        write(LOG, joined(c, u, 3), left(c, u, 5)); // replay of older membership changes
        assertThat(count(db, "SELECT joined_seq * 100 + left_seq FROM chat_participants WHERE user_id = '" + u + "'"))
                .isEqualTo(709);
        assertThat(count(db, "SELECT latest_seq FROM chats WHERE id = '" + c + "'")).isEqualTo(9);
    }

    @Test
    @DisplayName("unread: only the highest version per key is written, and an older replay never overwrites it")
    void unreadCoalescedForwardOnly() throws SQLException {
        UUID u = UUID.randomUUID(), c = UUID.randomUUID();
        WriteResult r = write(UNREAD, unread(u, c, 3, 1, 4, 3), unread(u, c, 5, 1, 6, 5), unread(u, c, 4, 1, 5, 4));
        assertThat(r.rowsByTable().get("unread_messages")).isEqualTo(1);
        assertThat(count(db, "SELECT unread_count * 1000 + version FROM unread_messages WHERE user_id = '" + u + "'"))
                .isEqualTo(5005);
        write(UNREAD, unread(u, c, 1, 1, 2, 2), unread(u, c, 3, 1, 4, 3));
        assertThat(count(db, "SELECT unread_count * 1000 + version FROM unread_messages WHERE user_id = '" + u + "'"))
                .isEqualTo(5005);
        write(UNREAD, unread(u, c, 0, 6, 6, 6));
        assertThat(count(db, "SELECT unread_count * 1000 + version FROM unread_messages WHERE user_id = '" + u + "'"))
                .isEqualTo(6);
    }

    @Test
    @DisplayName("watermarks: the highest advance wins, read raises delivered, older replays are ignored")
    void watermarksForwardOnly() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID(), b = UUID.randomUUID();
        write(LOG, chat(c, a, b), message(c, a, 2, "x"), message(c, a, 3, "y"), message(c, a, 4, "z"));
        write(RECEIPTS, receipt(c, b, ReceiptKind.DELIVERED, 3, 0), receipt(c, b, ReceiptKind.READ, 2, 0),
                receipt(c, b, ReceiptKind.DELIVERED, 2, 0));
        assertThat(marks(c, b)).isEqualTo("3/2");
        write(RECEIPTS, receipt(c, b, ReceiptKind.READ, 4, 2));
        assertThat(marks(c, b)).isEqualTo("4/4");
        write(RECEIPTS, receipt(c, b, ReceiptKind.DELIVERED, 3, 0), receipt(c, b, ReceiptKind.READ, 2, 0));
        assertThat(marks(c, b)).isEqualTo("4/4");
        assertThat(count(db, "SELECT count(*) FROM receipt_log WHERE chat_id = '" + c + "'")).isEqualTo(4);
    }

    @Test
    @DisplayName("a receipt written before its member's join is applied when the join arrives")
    void receiptBeforeJoin() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID(), b = UUID.randomUUID();
        write(RECEIPTS, receipt(c, b, ReceiptKind.DELIVERED, 2, 0), receipt(c, b, ReceiptKind.READ, 2, 0));
        write(LOG, chat(c, a, b), message(c, a, 2, "x"));
        assertThat(marks(c, b)).isEqualTo("2/2");
    }

    @Test
    @DisplayName("a record the database refuses goes to rejected with the SQL error; the rest of its batch is written")
    void poisonIsolated() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID();
        write(LOG, chat(c, a), message(c, a, 2, "first"));
        List<CourierEvent> events = new ArrayList<>();
        for (long seq = 3; seq < 13; seq++) {
            events.add(message(c, a, seq, "m" + seq));
        }
        // A different message claiming seq 2, and one with a NUL byte PostgreSQL cannot store.
        events.set(4, new MessageSent(c, MessageIds.derive(c, a, "other"), a, "other",
                "clash", Fixtures.at(1),
                Fixtures.at(1), 2L));
        events.set(7, message(c, a, 10, "bad \u0000 byte"));
        events.add(receipt(c, a, ReceiptKind.READ, 3, 5)); // violates receipt_log_advances
        long first = offsets.get();
        WriteResult r = write(LOG, events.toArray(CourierEvent[]::new));
        assertThat(r.rejections()).extracting(x -> x.rejected().sourceOffset())
                .containsExactly(first + 4, first + 7, first + 10);
        assertThat(r.rejections()).allSatisfy(x -> {
            assertThat(x.rejected().reason()).isEqualTo(RejectReason.DATABASE);
            assertThat(x.key()).isEqualTo(c.toString());
            assertThat(x.rejected().rawValue()).isNotBlank();
        });
        assertThat(r.rejections().get(0).rejected().detail()).contains("messages_chat_id_seq_key").contains("23505");
        assertThat(r.rejections().get(2).rejected().detail()).contains("receipt_log_advances");
        assertThat(rejected).hasSize(3);
        assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'")).isEqualTo(1 + 10 - 2);
        assertThat(count(db, "SELECT next_offset FROM sink_offsets WHERE consumer_group = 'g' AND topic = '"
                + LOG.topic() + "'")).isEqualTo(offsets.get());
    }

    @Test
    @DisplayName("a message whose id is stored at another chat or seq is rejected naming both positions, not dropped; a replay passes")
    void messageIdReuseIsRefused() throws SQLException {
        UUID c = UUID.randomUUID(), other = UUID.randomUUID(), a = UUID.randomUUID();
        write(LOG, chat(c, a), message(c, a, 2, "first"), chat(other, a));
        MessageSent stored = message(c, a, 2, "first");
        MessageSent sameIdElsewhere = new MessageSent(other, stored.messageId(), a,
                stored.clientMessageId(), "collides", Fixtures.at(2), Fixtures.at(2), 2L);

        WriteResult replay = write(LOG, stored);
        WriteResult clash = write(LOG, sameIdElsewhere, message(other, a, 3, "fine"));

        assertThat(replay.rejections()).isEmpty();
        assertThat(clash.rejections()).singleElement().satisfies(x -> {
            assertThat(x.rejected().reason()).isEqualTo(RejectReason.DATABASE);
            assertThat(x.rejected().detail()).contains("message id already stored at chat " + c + " seq 2; refused at chat "
                    + other + " seq 2");
        });
        assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + other + "'")).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM sink_rejects WHERE consumer_group = 'g' AND reason = 'database'"
                + " AND detail LIKE '%message id already stored%'")).isEqualTo(1);
    }

    @Test
    @DisplayName("a sender who numbers messages per chat ('c-1' in every chat) has each stored in its chat, none rejected")
    void clientMessageIdPerChat() throws SQLException {
        UUID c = UUID.randomUUID(), other = UUID.randomUUID(), a = UUID.randomUUID();
        write(LOG, chat(c, a), chat(other, a));
        WriteResult r = write(LOG, numbered(c, a, "c-1", 2), numbered(other, a, "c-1", 2));

        assertThat(r.rejections()).isEmpty();
        assertThat(count(db, "SELECT count(*) FROM messages WHERE sender_id = '" + a + "' AND client_message_id = 'c-1'"))
                .isEqualTo(2);
    }

    private static MessageSent numbered(UUID chat, UUID sender, String clientId, long seq) {
        return new MessageSent(chat, MessageIds.derive(chat, sender, clientId), sender,
                clientId, "hello", Fixtures.at(seq), Fixtures.at(seq), seq);
    }

    @Test
    @DisplayName("a refused record is reported once however often its batch is retried after a failed commit")
    void refusalsReportedOnce() throws SQLException {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(3);
        List<RejectSink.Rejection> published = new ArrayList<>();
        BatchWriter flaky = new BatchWriter(db.dataSource(), "retried", published::addAll, Clock.systemUTC(), () -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("connection lost before the commit");
            }
        });
        UUID c = UUID.randomUUID(), a = UUID.randomUUID();
        write(LOG, chat(c, a));
        Batch batch = Batch.of(List.of(record(LOG, message(c, a, 2, "ok")), record(LOG, message(c, a, 3, "nul \u0000"))));

        for (int attempt = 1; attempt <= 3; attempt++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> flaky.write(batch)).hasMessageContaining("connection lost");
        }
        WriteResult committed = flaky.write(batch);
        WriteResult replayed = flaky.write(batch); // a retry after a commit whose acknowledgement was lost

        assertThat(committed.rejections()).hasSize(1);
        assertThat(replayed.rejections()).hasSize(1);
        assertThat(published).as("published to rejected").hasSize(1);
        assertThat(count(db, "SELECT count(*) FROM sink_rejects WHERE consumer_group = 'retried' AND published")).isEqualTo(1);
    }

    @Test
    @DisplayName("a batch of an owner whose partition was claimed since commits nothing, and no owner moves offsets backwards")
    void staleOwnerIsFenced() throws SQLException {
        TopicPartition tp = new TopicPartition("courier.chat-log", 7);
        UUID c = UUID.randomUUID(), a = UUID.randomUUID();
        long first = claim("fenced", tp);
        BatchWriter owner = new BatchWriter(db.dataSource(), "fenced", rejected::addAll, Clock.systemUTC(), () -> { });
        owner.write(Batch.of(List.of(new SinkRecord(tp, 0, "k", null, new Decoded.Valid<>(chat(c, a))))).owned(java.util.Map.of(),
                java.util.Map.of(tp, first)));
        long second = claim("fenced", tp); // another instance takes the partition over
        owner.write(Batch.of(List.of(new SinkRecord(tp, 1, "k", null, new Decoded.Valid<>(message(c, a, 2, "new owner")))))
                .owned(java.util.Map.of(), java.util.Map.of(tp, second)));

        Batch stale = Batch.of(List.of(new SinkRecord(tp, 1, "k", null, new Decoded.Valid<>(message(c, a, 2, "zombie")))))
                .owned(java.util.Map.of(), java.util.Map.of(tp, first));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> owner.write(stale))
                .isInstanceOf(dev.courier.persistence.internal.write.FencedException.class);
        Batch backwards = Batch.of(List.of(new SinkRecord(tp, 0, "k", null, new Decoded.Valid<>(chat(c, a)))))
                .owned(java.util.Map.of(), java.util.Map.of(tp, second));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> owner.write(backwards))
                .isInstanceOf(dev.courier.persistence.internal.write.FencedException.class);

        assertThat(count(db, "SELECT next_offset FROM sink_offsets WHERE consumer_group = 'fenced' AND partition = 7")).isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "' AND content = 'new owner'")).isEqualTo(1);
    }

    /** What a sink instance does when it is assigned a partition: bump its owner epoch (see SinkStatements). */
    private long claim(String group, TopicPartition tp) throws SQLException {
        try (java.sql.Connection conn = db.connect();
             java.sql.PreparedStatement ps = conn.prepareStatement(dev.courier.persistence.internal.dialect.SinkStatements.CLAIM_OFFSETS)) {
            ps.setString(1, group);
            ps.setArray(2, conn.createArrayOf("text", new String[] {tp.topic()}));
            ps.setArray(3, conn.createArrayOf("int4", new Integer[] {tp.partition()}));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(4);
            }
        }
    }

    @Test
    @DisplayName("a value that is not an event is rejected as malformed without touching the database rows")
    void garbageRejected() throws SQLException {
        UUID c = UUID.randomUUID(), a = UUID.randomUUID();
        byte[] junk = "{not json".getBytes(StandardCharsets.UTF_8);
        SinkRecord bad = new SinkRecord(LOG, offsets.getAndIncrement(), c.toString(), junk,
                Fixtures.CODEC.decode(junk, CourierEvent.class));
        WriteResult r = writer.write(Batch.of(List.of(record(LOG, chat(c, a)), bad, record(LOG, message(c, a, 2, "ok")))));
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.rejected().reason()).isEqualTo(RejectReason.MALFORMED);
            assertThat(x.rejected().rawValue()).isEqualTo("{not json");
        });
        assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + c + "'")).isEqualTo(1);
    }

    private String marks(UUID c, UUID u) {
        return text("SELECT delivered_seq || '/' || read_seq FROM chat_participants WHERE chat_id = '" + c
                + "' AND user_id = '" + u + "'");
    }

    private String text(String sql) {
        try (var conn = db.connect(); var s = conn.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
