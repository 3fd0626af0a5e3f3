package dev.courier.worker;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.Delivery;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.RejectReason;
import dev.courier.events.UnreadChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * DESIGN.md §2 written as plainly as possible, independently of the worker: it keeps every message of every chat and
 * recomputes each member's unread from the definition (messages with seq above the read watermark and the latest
 * join, not sent by the member, and before the member left) after every input, reporting what changed.
 */
final class ReferenceModel {

    /** What one input should produce, per output topic, in order. */
    record Out(List<ChatEvent> chatLog, List<Delivery> inbox, List<ReceiptAdvanced> receipts,
               List<UnreadChanged> unread, List<RejectReason> rejected) {
        Out() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private record Msg(long seq, UUID sender) {
    }

    private static final class Mem {
        long joinedSeq;
        Long leftSeq;
        long delivered;
        long read;
        long lastUnread;
    }

    private static final class Chat {
        long latestSeq;
        long version;
        final List<Msg> messages = new ArrayList<>();
        final Map<UUID, Mem> members = new TreeMap<>(Comparator.comparing(UUID::toString));
    }

    private final Map<UUID, Chat> chats = new HashMap<>();
    private final Map<UUID, Instant> accepted = new HashMap<>();
    private final Duration dedupWindow;

    ReferenceModel(Duration dedupWindow) {
        this.dedupWindow = dedupWindow;
    }

    Out apply(ChatEvent e, Instant time) {
        Out out = new Out();
        Chat chat = chats.get(e.chatId());
        if (e instanceof ChatCreated c) {
            if (chat != null) {
                out.rejected.add(RejectReason.CHAT_EXISTS);
                return out;
            }
            chat = new Chat();
            chats.put(c.chatId(), chat);
            chat.latestSeq = 1;
            chat.version = 1;
            for (UUID u : concat(c.createdBy(), c.members())) {
                Mem m = new Mem();
                m.joinedSeq = 1;
                chat.members.put(u, m);
            }
            out.chatLog.add(c.sequenced(1, time));
            return out;
        }
        if (chat == null) {
            out.rejected.add(RejectReason.UNKNOWN_CHAT);
            return out;
        }
        if (e instanceof MemberJoined j) {
            Mem m = chat.members.get(j.userId());
            if (m != null && m.leftSeq == null) {
                out.rejected.add(RejectReason.INVALID);
                return out;
            }
            if (m == null) {
                m = new Mem();
                chat.members.put(j.userId(), m);
            }
            long seq = step(chat);
            m.joinedSeq = seq;
            m.leftSeq = null;
            out.chatLog.add(j.sequenced(seq, time));
        } else if (e instanceof MemberLeft l) {
            Mem m = chat.members.get(l.userId());
            if (m == null || m.leftSeq != null) {
                out.rejected.add(RejectReason.NOT_A_MEMBER);
                return out;
            }
            long seq = step(chat);
            m.leftSeq = seq;
            out.chatLog.add(l.sequenced(seq, time));
        } else if (e instanceof MessageSent s) {
            Instant before = accepted.get(s.messageId());
            if (before != null && Duration.between(before, time).compareTo(dedupWindow) < 0) {
                out.rejected.add(RejectReason.DUPLICATE);
                return out;
            }
            Mem sender = chat.members.get(s.senderId());
            if (sender == null || sender.leftSeq != null) {
                out.rejected.add(RejectReason.NOT_A_MEMBER);
                return out;
            }
            long seq = step(chat);
            accepted.put(s.messageId(), time);
            chat.messages.add(new Msg(seq, s.senderId()));
            MessageSent sequenced = (MessageSent) s.sequenced(seq, time);
            out.chatLog.add(sequenced);
            move(s.chatId(), s.senderId(), sender, seq, seq, sequenced.acceptedAt(), out);
            chat.members.forEach((u, m) -> {
                if (!u.equals(s.senderId()) && m.leftSeq == null) {
                    out.inbox.add(new Delivery(u, s.chatId(), seq, s.messageId(), s.senderId()));
                }
            });
        }
        reportUnread(e.chatId(), chat, time, out);
        return out;
    }

    Out apply(ReceiptSubmitted r, Instant time) {
        Out out = new Out();
        Chat chat = chats.get(r.chatId());
        if (chat == null) {
            out.rejected.add(RejectReason.UNKNOWN_CHAT);
            return out;
        }
        Mem m = chat.members.get(r.userId());
        if (m == null || m.leftSeq != null) {
            out.rejected.add(RejectReason.NOT_A_MEMBER);
            return out;
        }
        long upTo = Math.min(r.upToSeq(), chat.latestSeq);
        long read = r.kind() == ReceiptKind.READ ? Math.max(m.read, upTo) : m.read;
        long delivered = Math.max(m.delivered, upTo);
        if (read == m.read && delivered == m.delivered) {
            return out;
        }
        chat.version++;
        move(r.chatId(), r.userId(), m, delivered, read, r.at() != null ? r.at() : time, out);
        reportUnread(r.chatId(), chat, time, out);
        return out;
    }

    /** Current unread of every member who has one, by (user, chat). */
    Map<List<UUID>, Long> unreadCounts() {
        Map<List<UUID>, Long> all = new HashMap<>();
        chats.forEach((c, chat) -> chat.members.forEach((u, m) -> all.put(List.of(u, c), unread(chat, u, m))));
        return all;
    }

    private static long step(Chat chat) {
        chat.version++;
        return ++chat.latestSeq;
    }

    private static void move(UUID chatId, UUID user, Mem m, long delivered, long read, Instant at, Out out) {
        if (delivered != m.delivered) {
            out.receipts.add(new ReceiptAdvanced(chatId, user, ReceiptKind.DELIVERED, delivered, m.delivered, at));
            m.delivered = delivered;
        }
        if (read != m.read) {
            out.receipts.add(new ReceiptAdvanced(chatId, user, ReceiptKind.READ, read, m.read, at));
            m.read = read;
        }
    }

    private void reportUnread(UUID chatId, Chat chat, Instant time, Out out) {
        chat.members.forEach((u, m) -> {
            long now = unread(chat, u, m);
            if (now != m.lastUnread) {
                m.lastUnread = now;
                out.unread.add(new UnreadChanged(u, chatId, now, m.read, chat.latestSeq, chat.version, time));
            }
        });
    }

    /** The definition: messages after the read watermark and the join, not the user's own, not after leaving. */
    private static long unread(Chat chat, UUID user, Mem m) {
        return chat.messages.stream().filter(x -> x.seq > m.read && x.seq > m.joinedSeq && !x.sender.equals(user)
                && (m.leftSeq == null || x.seq < m.leftSeq)).count();
    }

    private static List<UUID> concat(UUID first, List<UUID> rest) {
        List<UUID> all = new ArrayList<>();
        all.add(first);
        rest.stream().filter(u -> !u.equals(first)).forEach(all::add);
        return all;
    }
}
