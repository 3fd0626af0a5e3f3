package dev.courier.ops.replay;

import dev.courier.events.ChatCreated;
import dev.courier.events.MemberJoined;
import dev.courier.events.ReceiptAdvanced;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What {@code courier replay --chat} would change: per table, the chat's rows the log holds and how many of them
 * PostgreSQL lacks or holds differently. Writing them again is idempotent, so only those change.
 */
public final class ChatDiff {

    /** One table: rows the log implies, rows missing in PostgreSQL, rows present but different. */
    public record Table(long inLog, long missing, long different) {
    }

    private static final String MESSAGES = "SELECT id, seq, content FROM messages WHERE chat_id = ? AND seq >= ?";
    private static final String RECEIPTS = "SELECT user_id, kind, up_to_seq FROM receipt_log WHERE chat_id = ? AND up_to_seq >= ?";
    private static final String PARTICIPANTS = "SELECT user_id FROM chat_participants WHERE chat_id = ?";
    private static final String CHAT = "SELECT count(*) FROM chats WHERE id = ?";

    private ChatDiff() {
    }

    public static Map<String, Table> of(ChatHistory history, DataSource dataSource, UUID chat, long fromSeq) throws SQLException {
        Map<String, Table> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            boolean created = history.chatLog().stream().anyMatch(e -> e.event() instanceof ChatCreated);
            long chatRows = query(c, CHAT, chat, null, rs -> rs.getLong(1)).iterator().next();
            out.put("chats", new Table(created ? 1 : 0, created && chatRows == 0 ? 1 : 0, 0));

            Map<UUID, MessageRow> logMessages = history.messages();
            Map<UUID, MessageRow> stored = new HashMap<>();
            for (MessageRow row : query(c, MESSAGES, chat, fromSeq,
                    rs -> new MessageRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)))) {
                stored.put(row.id(), row);
            }
            long missing = logMessages.keySet().stream().filter(id -> !stored.containsKey(id)).count();
            long different = logMessages.entrySet().stream()
                    .filter(e -> stored.containsKey(e.getKey()) && !stored.get(e.getKey()).equals(e.getValue())).count();
            out.put("messages", new Table(logMessages.size(), missing, different));

            Set<UUID> members = new HashSet<>();
            history.chatLog().forEach(e -> {
                if (e.event() instanceof ChatCreated cc) {
                    members.add(cc.createdBy());
                    members.addAll(cc.members());
                } else if (e.event() instanceof MemberJoined j) {
                    members.add(j.userId());
                }
            });
            Set<UUID> participants = new HashSet<>(query(c, PARTICIPANTS, chat, null, rs -> rs.getObject(1, UUID.class)));
            out.put("chat_participants", new Table(members.size(), members.stream().filter(u -> !participants.contains(u)).count(), 0));

            Set<String> logReceipts = new HashSet<>();
            history.receipts().forEach(e -> {
                ReceiptAdvanced r = (ReceiptAdvanced) e.event();
                logReceipts.add(r.userId() + "/" + r.kind().wireName() + "/" + r.upToSeq());
            });
            Set<String> storedReceipts = new HashSet<>(query(c, RECEIPTS, chat, fromSeq,
                    rs -> rs.getObject(1, UUID.class) + "/" + rs.getString(2) + "/" + rs.getLong(3)));
            out.put("receipt_log", new Table(logReceipts.size(), logReceipts.stream().filter(r -> !storedReceipts.contains(r)).count(), 0));
        }
        return out;
    }

    /** What a message row must hold to match its record. */
    public record MessageRow(UUID id, long seq, String content) {
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(Connection c, String sql, UUID chat, Long fromSeq, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, chat);
            if (fromSeq != null) {
                ps.setLong(2, fromSeq);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        }
        return out;
    }
}
