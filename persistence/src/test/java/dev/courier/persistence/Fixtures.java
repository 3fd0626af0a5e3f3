package dev.courier.persistence;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatType;
import dev.courier.events.CourierEvent;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.UnreadChanged;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Event factories and schema/SQL helpers shared by the persistence tests. */
final class Fixtures {

    static final EventCodec CODEC = new EventCodec(EventLimits.defaults());
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Fixtures() {
    }

    static void migrate(PostgresTestDatabase db) {
        new Migrator(MigrationSettings.of(db.jdbcUrl(), db.user(), db.password())).up();
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static ChatCreated chat(UUID chatId, UUID createdBy, UUID... others) {
        return new ChatCreated(chatId, ChatType.GROUP, "chat " + chatId.toString().substring(0, 4), createdBy,
                List.of(others), at(0), 1L);
    }

    static MessageSent message(UUID chatId, UUID sender, long seq, String content) {
        String clientId = "c-" + chatId.toString().substring(0, 8) + "-" + seq;
        return new MessageSent(chatId, MessageIds.derive(chatId, sender, clientId), sender, clientId, content, at(seq),
                at(seq), seq);
    }

    static MemberJoined joined(UUID chatId, UUID user, long seq) {
        return new MemberJoined(chatId, user, at(seq), seq);
    }

    static MemberLeft left(UUID chatId, UUID user, long seq) {
        return new MemberLeft(chatId, user, at(seq), seq);
    }

    static ReceiptAdvanced receipt(UUID chatId, UUID user, ReceiptKind kind, long upTo, long previous) {
        return new ReceiptAdvanced(chatId, user, kind, upTo, previous, at(1000 + upTo));
    }

    static UnreadChanged unread(UUID user, UUID chatId, long unread, long lastRead, long latest, long version) {
        return new UnreadChanged(user, chatId, unread, lastRead, latest, version, at(2000 + version));
    }

    static byte[] encode(CourierEvent e) {
        return CODEC.encode(e);
    }

    static long count(PostgresTestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void exec(PostgresTestDatabase db, String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
