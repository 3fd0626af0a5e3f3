package dev.courier.migrations;

import dev.courier.migrations.MessengerSimulation.Chat;
import dev.courier.migrations.MessengerSimulation.Member;
import dev.courier.migrations.MessengerSimulation.Message;
import dev.courier.migrations.MessengerSimulation.Receipt;
import dev.courier.migrations.MessengerSimulation.Unread;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Writes a {@link MessengerSimulation} the way the sink would: batched, one transaction, unread by version. */
final class DataSetLoader {

    /** The sink's unread upsert: a row is only replaced by a higher version (see V11). */
    static final String UPSERT_UNREAD = "INSERT INTO unread_messages"
            + " (user_id, chat_id, unread_count, last_read_seq, latest_seq, version) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (user_id, chat_id) DO UPDATE SET unread_count = EXCLUDED.unread_count,"
            + " last_read_seq = EXCLUDED.last_read_seq, latest_seq = EXCLUDED.latest_seq, version = EXCLUDED.version"
            + " WHERE unread_messages.version < EXCLUDED.version";

    private DataSetLoader() {
    }

    static void load(Connection c, MessengerSimulation sim) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement users = c.prepareStatement("INSERT INTO users (id, username) VALUES (?, ?)");
             PreparedStatement chats = c.prepareStatement("INSERT INTO chats (id, type, title, created_by, created_at, latest_seq)"
                     + " VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement members = c.prepareStatement("INSERT INTO chat_participants (chat_id, user_id, role, joined_at,"
                     + " left_at, joined_seq, left_seq, delivered_seq, delivered_at, read_seq, read_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement messages = c.prepareStatement("INSERT INTO messages (id, chat_id, seq, sender_id,"
                     + " client_message_id, content, sent_at, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement receipts = c.prepareStatement("INSERT INTO receipt_log (chat_id, user_id, kind, up_to_seq,"
                     + " previous_seq, advanced_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement unread = c.prepareStatement(UPSERT_UNREAD)) {
            for (int i = 0; i < sim.users.size(); i++) {
                users.setObject(1, sim.users.get(i));
                users.setString(2, "user" + i);
                users.addBatch();
            }
            users.executeBatch();
            for (Chat chat : sim.chats) {
                chats.setObject(1, chat.id);
                chats.setString(2, chat.type);
                chats.setString(3, chat.title);
                chats.setObject(4, chat.createdBy);
                chats.setTimestamp(5, ts(chat.createdAt));
                chats.setLong(6, chat.latestSeq);
                chats.addBatch();
                for (Member m : chat.members.values()) {
                    members.setObject(1, chat.id);
                    members.setObject(2, m.userId);
                    members.setString(3, m.role);
                    members.setTimestamp(4, ts(m.joinedAt));
                    members.setTimestamp(5, ts(m.leftAt));
                    members.setLong(6, m.joinedSeq);
                    members.setObject(7, m.leftSeq);
                    members.setLong(8, m.deliveredSeq);
                    members.setTimestamp(9, ts(m.deliveredAt));
                    members.setLong(10, m.readSeq);
                    members.setTimestamp(11, ts(m.readAt));
                    members.addBatch();
                }
            }
            chats.executeBatch();
            members.executeBatch();
            for (Message m : sim.messages()) {
                messages.setObject(1, m.id());
                messages.setObject(2, m.chatId());
                messages.setLong(3, m.seq());
                messages.setObject(4, m.senderId());
                messages.setString(5, m.clientMessageId());
                messages.setString(6, m.content());
                messages.setTimestamp(7, ts(m.sentAt()));
                messages.setTimestamp(8, ts(m.acceptedAt()));
                messages.addBatch();
            }
            messages.executeBatch();
            // Receipts twice: a replay of courier.receipts must be a no-op.
            for (int pass = 0; pass < 2; pass++) {
                for (Receipt r : sim.receipts) {
                    receipts.setObject(1, r.chatId());
                    receipts.setObject(2, r.userId());
                    receipts.setString(3, r.kind());
                    receipts.setLong(4, r.upToSeq());
                    receipts.setLong(5, r.previousSeq());
                    receipts.setTimestamp(6, ts(r.at()));
                    receipts.addBatch();
                }
            }
            receipts.executeBatch();
            // Unread updates out of order and partly duplicated: the version rule must still end on the latest.
            List<Unread> events = new ArrayList<>(sim.unreadEvents);
            events.addAll(sim.unreadEvents.subList(0, sim.unreadEvents.size() / 10));
            Collections.shuffle(events, new Random(7));
            for (Unread u : events) {
                unread.setObject(1, u.userId());
                unread.setObject(2, u.chatId());
                unread.setLong(3, u.count());
                unread.setLong(4, u.lastReadSeq());
                unread.setLong(5, u.latestSeq());
                unread.setLong(6, u.version());
                unread.addBatch();
            }
            unread.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        c.setAutoCommit(true);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
