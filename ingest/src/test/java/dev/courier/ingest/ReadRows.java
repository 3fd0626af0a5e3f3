package dev.courier.ingest;

import dev.courier.events.MessageIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Plain-SQL rows for the read API tests, in the shape the sink writes them (times from {@link #T0}). */
final class ReadRows {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final Connection c;

    ReadRows(Connection c) {
        this.c = c;
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static UUID messageId(UUID sender, UUID chatId, long seq) {
        return MessageIds.derive(chatId, sender, clientMessageId(chatId, seq));
    }

    static String clientMessageId(UUID chatId, long seq) {
        return "c-" + chatId.toString().substring(0, 8) + "-" + seq;
    }

    void chat(UUID chatId, UUID createdBy, long latestSeq) throws SQLException {
        exec("INSERT INTO chats (id, type, title, created_by, created_at, latest_seq) VALUES (?, 'group', 'test', ?, ?, ?)",
                chatId, createdBy, ts(at(0)), latestSeq);
    }

    void member(UUID chatId, UUID userId, long joinedSeq, long deliveredSeq, long readSeq) throws SQLException {
        exec("INSERT INTO chat_participants (chat_id, user_id, joined_at, joined_seq, delivered_seq, read_seq) "
                + "VALUES (?, ?, ?, ?, ?, ?)", chatId, userId, ts(at(joinedSeq)), joinedSeq, deliveredSeq, readSeq);
    }

    /** A message sent at {@code at(seq)}, accepted a second later. */
    UUID message(UUID chatId, UUID sender, long seq, String content) throws SQLException {
        UUID id = messageId(sender, chatId, seq);
        exec("INSERT INTO messages (id, chat_id, seq, sender_id, client_message_id, content, sent_at, accepted_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, chatId, seq, sender, clientMessageId(chatId, seq), content,
                ts(at(seq)), ts(at(seq + 1)));
        return id;
    }

    void receipt(UUID chatId, UUID userId, String kind, long upTo, long previous, Instant at) throws SQLException {
        exec("INSERT INTO receipt_log (chat_id, user_id, kind, up_to_seq, previous_seq, advanced_at) VALUES (?, ?, ?, ?, ?, ?)",
                chatId, userId, kind, upTo, previous, ts(at));
    }

    void unread(UUID userId, UUID chatId, long unread, long lastRead, long latest) throws SQLException {
        exec("INSERT INTO unread_messages (user_id, chat_id, unread_count, last_read_seq, latest_seq, version) "
                + "VALUES (?, ?, ?, ?, ?, ?)", userId, chatId, unread, lastRead, latest, latest);
    }

    private static OffsetDateTime ts(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private void exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
