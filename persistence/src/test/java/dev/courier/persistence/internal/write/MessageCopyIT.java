package dev.courier.persistence.internal.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The binary COPY of messages stores exactly what the INSERT with text arrays stores, value for value. */
@ExtendWith(PostgresDatabaseExtension.class)
class MessageCopyIT {

    private static final String ROWS = "SELECT (id, chat_id, seq, sender_id, client_message_id, content, sent_at, "
            + "accepted_at)::text FROM messages ORDER BY id";

    private final PostgresTestDatabase db;

    MessageCopyIT(PostgresTestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void schema(PostgresTestDatabase db) {
        new Migrator(MigrationSettings.of(db.jdbcUrl(), db.user(), db.password())).up();
    }

    @Test
    @DisplayName("COPY and INSERT store the same rows: odd nanoseconds, far dates, any Unicode")
    void sameRows() throws SQLException {
        List<MessageSent> messages = messages(new Random(11), 3_000);
        assertThat(MessageCopy.copyable(messages)).isTrue();
        List<String> copied;
        List<String> inserted;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TIME ZONE 'UTC'");
            }
            assertThat(MessageCopy.copy(c, messages)).isEqualTo(messages.size());
            copied = rows(c);
            c.rollback(); // the deferred foreign key to chats is never checked: neither run commits
            assertThat(RowWriter.insertMessages(c, messages)).isEqualTo(messages.size());
            inserted = rows(c);
            c.rollback();
        }
        assertThat(copied).hasSize(messages.size()).isEqualTo(inserted);
    }

    @Test
    @DisplayName("a timestamp whose text form is not a four-digit year keeps the batch on the INSERT path")
    void outOfRangeNotCopied() {
        UUID chat = UUID.randomUUID(), sender = UUID.randomUUID();
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(MessageCopy.copyable(List.of(new MessageSent(chat, MessageIds.derive(chat, sender, "x"), sender, "x", "c",
                far, Instant.EPOCH, 1L)))).isFalse();
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ROWS)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<MessageSent> messages(Random r, int n) {
        String[] texts = {"hello", "é€😀 ünïcødé", "\uD800 lone surrogate", "tab\tnew\nline \\ back \"q\"", "{a,b}",
                "NULL", "x".repeat(5_000), " spaced "};
        long[] edges = {Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond(), 0, -1, 946_684_800L, 946_684_799L};
        List<MessageSent> out = new ArrayList<>();
        UUID chat = UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            UUID sender = new UUID(r.nextLong(), r.nextLong());
            String client = "c-" + i + (i % 7 == 0 ? "-ü" : "");
            long seconds = i < edges.length ? edges[i]
                    : edges[0] + (long) (r.nextDouble() * (edges[1] - edges[0]));
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> r.nextInt(1_000_000) * 1_000;
                case 2 -> r.nextInt(1_000_000_000);
                case 3 -> r.nextInt(1_000_000) * 1_000 + 500; // exactly half a microsecond
                default -> 999_999_500 + r.nextInt(500);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            String content = texts[r.nextInt(texts.length)] + " " + i;
            out.add(new MessageSent(chat, MessageIds.derive(chat, sender, client), sender, client, content, t,
                    Instant.ofEpochSecond(seconds, (nanos * 7L) % 1_000_000_000), i + 1L + (i == 1 ? Long.MAX_VALUE / 2 : 0)));
        }
        return out;
    }
}
