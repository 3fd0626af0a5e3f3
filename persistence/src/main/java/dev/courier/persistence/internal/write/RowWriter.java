package dev.courier.persistence.internal.write;

import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.UnreadChanged;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.Coalesced;
import dev.courier.persistence.internal.dialect.SinkStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns a {@link Coalesced} batch into statements: one per table and kind of change, each binding whole columns as
 * arrays. Order: receipt_log first (a new participant row reads its watermarks from it), then chats, participants,
 * watermarks, messages, unread. Foreign keys are deferred, so the order is about reading, not about constraints.
 */
final class RowWriter {

    private RowWriter() {
    }

    /** Rows affected per table; {@code copyMessages}: messages by COPY (see {@link #messages}). */
    static Map<String, Integer> write(Connection c, Coalesced rows, boolean copyMessages) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<ReceiptAdvanced> receipts = rows.receiptLog();
        if (!receipts.isEmpty()) {
            add(counts, "receipt_log", run(c, SinkStatements.INSERT_RECEIPT_LOG,
                    uuids(receipts, ReceiptAdvanced::chatId), uuids(receipts, ReceiptAdvanced::userId),
                    texts(receipts, r -> r.kind().wireName()), longs(receipts, ReceiptAdvanced::upToSeq),
                    longs(receipts, ReceiptAdvanced::previousSeq), times(receipts, ReceiptAdvanced::at)));
        }
        List<Coalesced.ChatRow> chats = rows.newChats();
        if (!chats.isEmpty()) {
            add(counts, "chats", run(c, SinkStatements.UPSERT_CHATS,
                    uuids(chats, r -> r.created().chatId()), texts(chats, r -> r.created().chatType().wireName()),
                    texts(chats, r -> r.created().title()), uuids(chats, r -> r.created().createdBy()),
                    times(chats, r -> r.created().acceptedAt()), longs(chats, Coalesced.ChatRow::latestSeq)));
        }
        Map<UUID, Long> latest = rows.latestSeqOfExistingChats();
        if (!latest.isEmpty()) {
            add(counts, "chats", run(c, SinkStatements.RAISE_CHAT_LATEST_SEQ,
                    latest.keySet().toArray(UUID[]::new), latest.values().toArray(Long[]::new)));
        }
        List<Coalesced.MembershipRow> joins = rows.memberships();
        if (!joins.isEmpty()) {
            add(counts, "chat_participants", run(c, SinkStatements.UPSERT_PARTICIPANTS,
                    uuids(joins, Coalesced.MembershipRow::chatId), uuids(joins, Coalesced.MembershipRow::userId),
                    texts(joins, Coalesced.MembershipRow::role), times(joins, Coalesced.MembershipRow::joinedAt),
                    longs(joins, Coalesced.MembershipRow::joinedSeq), times(joins, Coalesced.MembershipRow::leftAt),
                    longs(joins, Coalesced.MembershipRow::leftSeq)));
        }
        List<Coalesced.LeaveRow> leaves = rows.leaves();
        if (!leaves.isEmpty()) {
            add(counts, "chat_participants", run(c, SinkStatements.APPLY_LEAVES,
                    uuids(leaves, Coalesced.LeaveRow::chatId), uuids(leaves, Coalesced.LeaveRow::userId),
                    longs(leaves, Coalesced.LeaveRow::leftSeq), times(leaves, Coalesced.LeaveRow::leftAt)));
        }
        List<Coalesced.WatermarkRow> marks = rows.watermarks();
        if (!marks.isEmpty()) {
            add(counts, "chat_participants", run(c, SinkStatements.RAISE_WATERMARKS,
                    uuids(marks, Coalesced.WatermarkRow::chatId), uuids(marks, Coalesced.WatermarkRow::userId),
                    longs(marks, Coalesced.WatermarkRow::deliveredSeq), times(marks, Coalesced.WatermarkRow::deliveredAt),
                    longs(marks, Coalesced.WatermarkRow::readSeq), times(marks, Coalesced.WatermarkRow::readAt)));
        }
        List<MessageSent> messages = rows.messages();
        if (!messages.isEmpty()) {
            add(counts, "messages", messages(c, messages, copyMessages));
        }
        List<UnreadChanged> unread = rows.unread();
        if (!unread.isEmpty()) {
            add(counts, "unread_messages", run(c, SinkStatements.UPSERT_UNREAD,
                    uuids(unread, UnreadChanged::userId), uuids(unread, UnreadChanged::chatId),
                    longs(unread, UnreadChanged::unread), longs(unread, UnreadChanged::lastReadSeq),
                    longs(unread, UnreadChanged::latestSeq), longs(unread, UnreadChanged::version)));
        }
        return counts;
    }

    /**
     * A batch's messages: by binary COPY on the first attempt ({@code copy}), else by the INSERT that skips stored
     * messages. COPY has no ON CONFLICT: a replayed message makes it fail, and the caller then rolls the transaction
     * back and writes the batch again without COPY, exactly as if COPY had never been tried.
     */
    private static int messages(Connection c, List<MessageSent> messages, boolean copy) throws SQLException {
        if (copy && MessageCopy.copyable(messages)) {
            return Math.toIntExact(MessageCopy.copy(c, messages));
        }
        return insertMessages(c, messages);
    }

    /** The statement that skips already stored messages (replays); the reference for what COPY must write. */
    static int insertMessages(Connection c, List<MessageSent> messages) throws SQLException {
        return run(c, SinkStatements.INSERT_MESSAGES,
                uuids(messages, MessageSent::messageId), uuids(messages, MessageSent::chatId),
                longs(messages, MessageSent::seq), uuids(messages, MessageSent::senderId),
                texts(messages, MessageSent::clientMessageId), texts(messages, MessageSent::content),
                times(messages, MessageSent::sentAt), times(messages, MessageSent::acceptedAt));
    }

    /**
     * Stores the batch's next offsets; throws {@link FencedException} when a partition's owner epoch is no longer the
     * batch's (another instance took it over) or the offset would go backwards. The caller rolls back.
     */
    static void storeOffsets(Connection c, String group, Batch batch) throws SQLException {
        Map<TopicPartition, Long> next = batch.nextOffsets();
        if (next.isEmpty()) {
            return;
        }
        List<TopicPartition> tps = List.copyOf(next.keySet());
        int stored;
        try (PreparedStatement ps = c.prepareStatement(SinkStatements.STORE_OFFSETS)) {
            ps.setString(1, group);
            ps.setArray(2, c.createArrayOf("text", tps.stream().map(TopicPartition::topic).toArray(String[]::new)));
            ps.setArray(3, c.createArrayOf("int4", tps.stream().map(TopicPartition::partition).toArray(Integer[]::new)));
            ps.setArray(4, c.createArrayOf("int8", tps.stream().map(next::get).toArray(Long[]::new)));
            ps.setArray(5, c.createArrayOf("int8", tps.stream().map(batch::epoch).toArray(Long[]::new)));
            stored = ps.executeUpdate();
        }
        if (stored != tps.size()) {
            throw new FencedException(tps, stored);
        }
    }

    private static int run(Connection c, String sql, Object[]... columns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < columns.length; i++) {
                ps.setArray(i + 1, c.createArrayOf(typeOf(columns[i]), columns[i]));
            }
            return ps.executeUpdate();
        }
    }

    private static String typeOf(Object[] column) {
        if (column instanceof UUID[]) {
            return "uuid";
        }
        return column instanceof Long[] ? "int8" : "text";
    }

    private static void add(Map<String, Integer> counts, String table, int n) {
        counts.merge(table, n, Integer::sum);
    }

    private static <T> UUID[] uuids(List<T> rows, Function<T, UUID> f) {
        return rows.stream().map(f).toArray(UUID[]::new);
    }

    private static <T> Long[] longs(List<T> rows, Function<T, Long> f) {
        return rows.stream().map(f).toArray(Long[]::new);
    }

    private static <T> String[] texts(List<T> rows, Function<T, String> f) {
        return rows.stream().map(f).toArray(String[]::new);
    }

    private static <T> String[] times(List<T> rows, Function<T, Instant> f) {
        return rows.stream().map(f).map(t -> t == null ? null : t.toString()).toArray(String[]::new);
    }

}
