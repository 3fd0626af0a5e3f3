package dev.courier.ops.rebuild;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Checksums of the tables the pipeline derives from its topics, over what a rebuild must reproduce: every column
 * that comes from the events, none the sink stamps itself ({@code persisted_at}, {@code updated_at}). For
 * {@code unread_messages} the non-zero counts per user and chat: the product's promise (a missing row reads as 0);
 * a row's {@code version} and {@code last_read_seq} are the worker's bookkeeping, and a rebuild recomputes the counts
 * whose records the unread topic no longer holds.
 */
public final class TableChecksums {

    /** One table: its rows and the md5 of their canonical text. */
    public record Sum(long rows, String md5) {
    }

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("chats", "SELECT count(*), md5(coalesce(string_agg(concat_ws(',', id, type, title, created_by, created_at,"
                + " latest_seq), ';' ORDER BY id), '')) FROM chats");
        TABLES.put("chat_participants", "SELECT count(*), md5(coalesce(string_agg(concat_ws(',', chat_id, user_id, role,"
                + " joined_at, joined_seq, left_at, left_seq, delivered_seq, delivered_at, read_seq, read_at), ';'"
                + " ORDER BY chat_id, user_id), '')) FROM chat_participants");
        TABLES.put("messages", "SELECT count(*), md5(coalesce(string_agg(concat_ws(',', id, chat_id, seq, sender_id,"
                + " client_message_id, content, sent_at, accepted_at), ';' ORDER BY id), '')) FROM messages");
        TABLES.put("receipt_log", "SELECT count(*), md5(coalesce(string_agg(concat_ws(',', chat_id, user_id, kind, up_to_seq,"
                + " previous_seq, advanced_at), ';' ORDER BY chat_id, user_id, kind, up_to_seq), '')) FROM receipt_log");
        TABLES.put("unread_messages", "SELECT count(*), md5(coalesce(string_agg(concat_ws(',', user_id, chat_id,"
                + " unread_count), ';' ORDER BY user_id, chat_id), '')) FROM unread_messages WHERE unread_count > 0");
    }

    private TableChecksums() {
    }

    public static Map<String, Sum> of(DataSource dataSource) throws SQLException {
        Map<String, Sum> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                try (ResultSet rs = s.executeQuery(t.getValue())) {
                    rs.next();
                    out.put(t.getKey(), new Sum(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }
}
