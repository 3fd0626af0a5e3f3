package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.migrations.MessengerSimulation.Chat;
import dev.courier.migrations.MessengerSimulation.Key;
import dev.courier.migrations.MessengerSimulation.Member;
import dev.courier.migrations.MessengerSimulation.Message;
import dev.courier.testkit.DatabaseInvariants;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A realistic data set (10 chats, 50 users, 5,000 messages, receipts) checked against DESIGN.md §2. */
@ExtendWith(PostgresDatabaseExtension.class)
class DataSetIT {

    private static final Logger LOG = LoggerFactory.getLogger(DataSetIT.class);
    private static MessengerSimulation sim;

    @BeforeAll
    static void load(PostgresTestDatabase db) throws SQLException {
        new Migrator(ScriptDirs.shipped(db)).up();
        sim = MessengerSimulation.run(42, 50, 3, 7, 5_000);
        try (Connection c = db.connect()) {
            DataSetLoader.load(c, sim);
            try (Statement s = c.createStatement()) {
                // VACUUM as autovacuum would: it also flushes the GIN pending list (fastupdate), which
                // ANALYZE leaves, and which the planner prices as a full scan of the pending entries.
                s.execute("VACUUM ANALYZE");
            }
        }
    }

    @Test
    @DisplayName("the data set is the promised size")
    void size(PostgresTestDatabase db) throws SQLException {
        assertThat(queryLong(db, "SELECT count(*) FROM messages")).isEqualTo(5_000);
        assertThat(queryLong(db, "SELECT count(*) FROM chats")).isEqualTo(10);
        assertThat(queryLong(db, "SELECT count(*) FROM users")).isEqualTo(50);
        assertThat(queryLong(db, "SELECT count(*) FROM receipt_log")).isEqualTo(sim.receipts.size()).isGreaterThan(5_000);
    }

    @Test
    @DisplayName("unread_messages equals invariant 5 computed in SQL from messages (after out-of-order, duplicated updates)")
    void unreadAgreesWithInvariant5(PostgresTestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            assertThat(DatabaseInvariants.unreadViolations(c)).isEmpty();
        }
        assertThat(queryLong(db, "SELECT count(*) FROM unread_messages WHERE unread_count > 0")).isPositive();
    }

    @Test
    @DisplayName("message_delivery agrees with unread_messages: not-read rows per recipient and chat = unread count")
    void deliveryAgreesWithUnread(PostgresTestDatabase db) throws Exception {
        assertThat(rows(db, resource("sql/delivery_vs_unread_violations.sql"))).isEmpty();
    }

    @Test
    @DisplayName("seq is dense per chat and read <= delivered <= latest seq")
    void watermarks(PostgresTestDatabase db) throws Exception {
        assertThat(rows(db, resource("sql/watermark_violations.sql"))).isEmpty();
    }

    @Test
    @DisplayName("message_delivery has exactly the recipients, statuses and first-covering times the simulation recorded")
    void deliveryMatchesSimulation(PostgresTestDatabase db) throws SQLException {
        Map<Key, String> expected = new HashMap<>();
        for (Chat chat : sim.chats) {
            for (Message m : chat.messages) {
                for (Member p : chat.members.values()) {
                    if (p.receives(m)) {
                        Key k = new Key(m.id(), p.userId);
                        String status = p.readSeq >= m.seq() ? "read" : p.deliveredSeq >= m.seq() ? "delivered" : "sent";
                        expected.put(k, status + "|" + (status.equals("sent") ? null : sim.deliveredAt.get(k)) + "|"
                                + (status.equals("read") ? sim.readAt.get(k) : null));
                    }
                }
            }
        }
        Map<Key, String> actual = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT message_id, recipient_id, status, delivered_at, read_at FROM message_delivery")) {
            while (rs.next()) {
                actual.put(new Key(rs.getObject(1, java.util.UUID.class), rs.getObject(2, java.util.UUID.class)),
                        rs.getString(3) + "|" + instant(rs.getObject(4, OffsetDateTime.class)) + "|"
                                + instant(rs.getObject(5, OffsetDateTime.class)));
            }
        }
        assertThat(actual).hasSize(expected.size()).isEqualTo(expected);
        assertThat(actual.values()).anyMatch(v -> v.startsWith("sent|")).anyMatch(v -> v.startsWith("delivered|"))
                .anyMatch(v -> v.startsWith("read|"));
    }

    @Test
    @DisplayName("full-text search within a chat finds the word in any case, through the GIN index")
    void search(PostgresTestDatabase db) throws Exception {
        Chat chat = sim.chats.get(5);
        long expected = chat.messages.stream().filter(m -> m.content().toLowerCase().contains(MessengerSimulation.SEARCH_WORD)).count();
        assertThat(expected).isPositive();
        String sql = bind(resource("sql/explain/search.sql"), chat, null, null).replace("LIMIT 50", "");
        assertThat(rows(db, sql)).hasSize((int) expected);
    }

    // ---- every API query uses its index (enable_seqscan = off makes the choice deterministic) ----

    @Test
    @DisplayName("history page (before): backward scan of messages_chat_id_seq_key, no sort")
    void historyUsesIndex(PostgresTestDatabase db) throws Exception {
        Chat chat = sim.chats.get(4);
        String plan = explain(db, bind(resource("sql/explain/history.sql"), chat, null, null));
        LOG.info("EXPLAIN history query:\n{}", plan);
        LOG.info("EXPLAIN ANALYZE history query (default planner settings):\n{}",
                explainAnalyze(db, bind(resource("sql/explain/history.sql"), chat, null, null)));
        assertThat(plan).contains("Index Scan Backward using messages_chat_id_seq_key on messages").doesNotContain("Sort");
    }

    @Test
    @DisplayName("history page (after): forward scan of messages_chat_id_seq_key, no sort")
    void historyAfterUsesIndex(PostgresTestDatabase db) throws Exception {
        String plan = explain(db, bind(resource("sql/explain/history_after.sql"), sim.chats.get(4), null, null));
        assertThat(plan).contains("Index Scan using messages_chat_id_seq_key on messages").doesNotContain("Sort");
    }

    @Test
    @DisplayName("search within a chat: one scan of messages_chat_content_fts_idx on (chat_id, tsvector)")
    void searchUsesIndex(PostgresTestDatabase db) throws Exception {
        String plan = explain(db, bind(resource("sql/explain/search.sql"), sim.chats.get(5), null, null));
        LOG.info("EXPLAIN search query:\n{}", plan);
        assertThat(plan).contains("Bitmap Index Scan on messages_chat_content_fts_idx").doesNotContain("BitmapAnd");
    }

    @Test
    @DisplayName("unread of a user: unread_messages_pkey")
    void unreadUsesIndex(PostgresTestDatabase db) throws Exception {
        String plan = explain(db, bind(resource("sql/explain/unread.sql"), null, sim.users.get(3), null));
        assertThat(plan).contains("unread_messages_pkey").doesNotContain("Seq Scan");
    }

    @Test
    @DisplayName("receipts of a message: messages_pkey, chat_participants_pkey, receipt_log_pkey")
    void receiptsUseIndexes(PostgresTestDatabase db) throws Exception {
        Message m = sim.chats.get(6).messages.get(10);
        String plan = explain(db, bind(resource("sql/explain/receipts.sql"), null, null, m));
        LOG.info("EXPLAIN receipts query:\n{}", plan);
        assertThat(plan).contains("messages_pkey").contains("chat_participants_pkey").contains("receipt_log_pkey")
                .doesNotContain("Seq Scan");
    }

    @Test
    @DisplayName("chats of a user: chat_participants_user_idx")
    void chatsOfUserUsesIndex(PostgresTestDatabase db) throws Exception {
        String plan = explain(db, bind(resource("sql/explain/chats_of_user.sql"), null, sim.users.get(3), null));
        assertThat(plan).contains("chat_participants_user_idx");
    }

    private static String bind(String sql, Chat chat, java.util.UUID user, Message message) {
        String out = sql.strip();
        if (chat != null) {
            out = out.replace(":chat", "'" + chat.id + "'").replace(":before", Long.toString(chat.latestSeq - 100))
                    .replace(":after", Long.toString(100)).replace(":query", "'" + MessengerSimulation.SEARCH_WORD + "'");
        }
        if (user != null) {
            out = out.replace(":user", "'" + user + "'");
        }
        if (message != null) {
            out = out.replace(":message", "'" + message.id() + "'");
        }
        return out;
    }

    private static String explain(PostgresTestDatabase db, String sql) throws SQLException {
        return String.join("\n", rows(db, "SET enable_seqscan = off; EXPLAIN " + sql));
    }

    private static String explainAnalyze(PostgresTestDatabase db, String sql) throws SQLException {
        return String.join("\n", rows(db, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql));
    }

    /** Every row (columns joined by " | ") of the last result of {@code sql} (several statements allowed). */
    private static List<String> rows(PostgresTestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            boolean isResult = s.execute(sql);
            while (!isResult && s.getUpdateCount() != -1) {
                isResult = s.getMoreResults();
            }
            try (ResultSet rs = s.getResultSet()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder(String.valueOf(rs.getString(1)));
                    for (int i = 2; i <= columns; i++) {
                        row.append(" | ").append(rs.getString(i));
                    }
                    out.add(row.toString());
                }
            }
        }
        return out;
    }

    private static long queryLong(PostgresTestDatabase db, String sql) throws SQLException {
        return Long.parseLong(rows(db, sql).get(0));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = Objects.requireNonNull(DataSetIT.class.getResourceAsStream("/" + path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
