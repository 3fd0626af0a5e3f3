package dev.courier.persistence.internal.dialect;

/**
 * Every query the read API makes, each served by an index (see the migrations' comments; applied migrations are never
 * edited, so corrections to their comments are in docs/schema.md).
 */
public final class ReadStatements {

    private ReadStatements() {
    }

    private static final String MESSAGE_COLUMNS =
            "id, chat_id, seq, sender_id, client_message_id, content, sent_at, accepted_at, persisted_at";

    /** Newest first below {@code before} and above {@code after}: a backward scan of messages_chat_id_seq_key. */
    public static final String HISTORY_NEWEST_FIRST = "SELECT " + MESSAGE_COLUMNS + """
             FROM messages
            WHERE chat_id = ? AND seq < ? AND seq > ?
            ORDER BY seq DESC
            LIMIT ?""";

    /** The messages right after {@code after} (oldest first; the caller reverses the page). */
    public static final String HISTORY_AFTER = "SELECT " + MESSAGE_COLUMNS + """
             FROM messages
            WHERE chat_id = ? AND seq > ? AND seq < ?
            ORDER BY seq ASC
            LIMIT ?""";

    /**
     * The same expressions as messages_chat_content_fts_idx (V14: chat_id and the tsvector), so one GIN index scan
     * serves both conditions. The query is websearch_to_tsquery, not the plainto_tsquery that the comments of V7 and
     * V14 show: the index covers the tsvector side of {@code @@}, so it serves either.
     */
    public static final String SEARCH = "SELECT " + MESSAGE_COLUMNS + """
             FROM messages
            WHERE chat_id = ? AND to_tsvector('simple', content) @@ websearch_to_tsquery('simple', ?)
            ORDER BY seq DESC
            LIMIT ?""";

    /** The message (to tell "no such message" from "no recipients") and its recipients from the view. */
    public static final String RECEIPTS = """
            SELECT m.id, m.chat_id, m.seq, m.sender_id, d.recipient_id, d.status, d.delivered_at, d.read_at
              FROM messages m
              LEFT JOIN message_delivery d ON d.message_id = m.id
             WHERE m.id = ? AND m.chat_id = ?
             ORDER BY d.recipient_id""";

    /**
     * A user's rows: a range of unread_messages' primary key. The worker emits UnreadChanged only when a count
     * changes, so a read watermark that moved without changing the count (the sender's own messages, a receipt over
     * them) shows in chat_participants, not in unread_messages: the later of the two is the answer.
     */
    public static final String UNREAD = """
            SELECT u.chat_id, u.unread_count, greatest(u.last_read_seq, coalesce(p.read_seq, 0)) AS last_read_seq
              FROM unread_messages u
              LEFT JOIN chat_participants p ON p.chat_id = u.chat_id AND p.user_id = u.user_id
             WHERE u.user_id = ?
             ORDER BY u.chat_id""";
}
