package dev.courier.migrations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic stand-in for the delivery worker: creates chats, sequences messages, moves
 * watermarks and emits unread updates the way DESIGN.md describes, and remembers independently
 * (in Java) when each message was delivered to and read by each recipient.
 */
final class MessengerSimulation {

    record Message(UUID id, UUID chatId, long seq, UUID senderId, String clientMessageId, String content,
                   Instant sentAt, Instant acceptedAt) {
    }

    record Receipt(UUID chatId, UUID userId, String kind, long upToSeq, long previousSeq, Instant at) {
    }

    record Unread(UUID userId, UUID chatId, long count, long lastReadSeq, long latestSeq, long version) {
    }

    record Key(UUID messageId, UUID userId) {
    }

    static final class Member {
        final UUID userId;
        final String role;
        final Instant joinedAt;
        final long joinedSeq;
        Long leftSeq;
        Instant leftAt;
        long deliveredSeq;
        Instant deliveredAt;
        long readSeq;
        Instant readAt;
        long unread;

        Member(UUID userId, String role, Instant joinedAt, long joinedSeq) {
            this.userId = userId;
            this.role = role;
            this.joinedAt = joinedAt;
            this.joinedSeq = joinedSeq;
        }

        boolean active() {
            return leftSeq == null;
        }

        boolean receives(Message m) {
            return !m.senderId().equals(userId) && m.seq() > joinedSeq && (leftSeq == null || m.seq() <= leftSeq);
        }
    }

    static final class Chat {
        final UUID id;
        final String type;
        final String title;
        final UUID createdBy;
        final Instant createdAt;
        final Map<UUID, Member> members = new LinkedHashMap<>();
        final List<Message> messages = new ArrayList<>();
        long latestSeq;
        long position; // the worker's per-chat position: every processed event moves it

        Chat(UUID id, String type, String title, UUID createdBy, Instant createdAt) {
            this.id = id;
            this.type = type;
            this.title = title;
            this.createdBy = createdBy;
            this.createdAt = createdAt;
        }

        List<Member> active() {
            return members.values().stream().filter(Member::active).toList();
        }
    }

    static final String SEARCH_WORD = "lighthouse";
    private static final String[] WORDS = {"hello", "meeting", "tomorrow", "lunch", "ok", "thanks", "see", "you",
        "later", "project", "deadline", "coffee", "weekend", "photo", "call", "me", "when", "free", "привет", "été"};

    final List<UUID> users = new ArrayList<>();
    final List<Chat> chats = new ArrayList<>();
    final List<Receipt> receipts = new ArrayList<>();
    final List<Unread> unreadEvents = new ArrayList<>();
    final Map<Key, Instant> deliveredAt = new HashMap<>();
    final Map<Key, Instant> readAt = new HashMap<>();
    private final Random rnd;
    private Instant clock = Instant.parse("2026-01-05T08:00:00Z");
    private int messageCount;

    private MessengerSimulation(long seed) {
        this.rnd = new Random(seed);
    }

    static MessengerSimulation run(long seed, int userCount, int directChats, int groupChats, int messages) {
        MessengerSimulation sim = new MessengerSimulation(seed);
        for (int i = 0; i < userCount; i++) {
            sim.users.add(new UUID(0xC0DE_0000_0000_0000L + i, sim.rnd.nextLong()));
        }
        for (int i = 0; i < directChats + groupChats; i++) {
            sim.createChat(i < directChats);
        }
        while (sim.messageCount < messages) {
            sim.step();
        }
        return sim;
    }

    List<Message> messages() {
        return chats.stream().flatMap(c -> c.messages.stream()).toList();
    }

    private void createChat(boolean direct) {
        List<UUID> pool = new ArrayList<>(users);
        java.util.Collections.shuffle(pool, rnd);
        int size = direct ? 2 : 4 + rnd.nextInt(12);
        UUID creator = pool.get(0);
        Chat chat = new Chat(UUID.randomUUID(), direct ? "direct" : "group", direct ? null : "group " + chats.size(),
                creator, tick());
        for (UUID u : pool.subList(0, size)) {
            chat.members.put(u, new Member(u, u.equals(creator) ? "owner" : "member", chat.createdAt, 0));
        }
        chats.add(chat);
    }

    private void step() {
        Chat chat = chats.get(rnd.nextInt(chats.size()));
        int dice = rnd.nextInt(100);
        if (dice < 60) {
            send(chat);
        } else if (dice < 95 || chat.type.equals("direct")) {
            receipt(chat);
        } else if (dice < 98) {
            join(chat);
        } else {
            leave(chat);
        }
    }

    private void send(Chat chat) {
        List<Member> active = chat.active();
        Member sender = active.get(rnd.nextInt(active.size()));
        Instant sentAt = tick();
        long seq = ++chat.latestSeq;
        chat.position++;
        messageCount++;
        Message m = new Message(UUID.randomUUID(), chat.id, seq, sender.userId, "c-" + messageCount, content(),
                sentAt, sentAt.plusMillis(3));
        chat.messages.add(m);
        for (Member other : active) {
            if (other.receives(m)) {
                other.unread++;
            }
        }
        // Sending moves the sender's read (and so delivered) watermark to the message.
        advance(chat, sender, "delivered", seq, m.acceptedAt());
        advance(chat, sender, "read", seq, m.acceptedAt());
        sender.unread = recount(chat, sender);
        for (Member member : active) {
            emitUnread(chat, member);
        }
    }

    private void receipt(Chat chat) {
        List<Member> active = chat.active();
        Member member = active.get(rnd.nextInt(active.size()));
        Instant at = tick();
        chat.position++;
        if (rnd.nextInt(100) < 55) {
            if (member.deliveredSeq < chat.latestSeq) {
                advance(chat, member, "delivered", member.deliveredSeq + 1 + rnd.nextInt((int) (chat.latestSeq - member.deliveredSeq)), at);
            }
        } else if (member.readSeq < chat.latestSeq) {
            long upTo = member.readSeq + 1 + rnd.nextInt((int) (chat.latestSeq - member.readSeq));
            if (upTo > member.deliveredSeq) {
                advance(chat, member, "delivered", upTo, at); // read implies delivered
            }
            advance(chat, member, "read", upTo, at);
            member.unread = recount(chat, member);
            emitUnread(chat, member);
        }
    }

    private void join(Chat chat) {
        List<UUID> outsiders = users.stream().filter(u -> !chat.members.containsKey(u)).toList();
        if (outsiders.isEmpty()) {
            return;
        }
        UUID u = outsiders.get(rnd.nextInt(outsiders.size()));
        chat.position++;
        Member m = new Member(u, "member", tick(), chat.latestSeq);
        chat.members.put(u, m);
        emitUnread(chat, m);
    }

    private void leave(Chat chat) {
        List<Member> candidates = chat.active().stream().filter(m -> m.role.equals("member")).toList();
        if (chat.active().size() <= 3 || candidates.isEmpty()) {
            return;
        }
        Member m = candidates.get(rnd.nextInt(candidates.size()));
        chat.position++;
        m.leftSeq = chat.latestSeq;
        m.leftAt = tick();
    }

    private void advance(Chat chat, Member member, String kind, long upTo, Instant at) {
        long previous = kind.equals("read") ? member.readSeq : member.deliveredSeq;
        if (upTo <= previous) {
            return;
        }
        receipts.add(new Receipt(chat.id, member.userId, kind, upTo, previous, at));
        if (kind.equals("read")) {
            member.readSeq = upTo;
            member.readAt = at;
        } else {
            member.deliveredSeq = upTo;
            member.deliveredAt = at;
        }
        Map<Key, Instant> times = kind.equals("read") ? readAt : deliveredAt;
        for (Message m : chat.messages.subList((int) previous, (int) upTo)) {
            if (member.receives(m)) {
                times.putIfAbsent(new Key(m.id(), member.userId), at);
            }
        }
    }

    private static long recount(Chat chat, Member member) {
        return chat.messages.stream().filter(m -> m.seq() > member.readSeq && member.receives(m)).count();
    }

    private void emitUnread(Chat chat, Member member) {
        unreadEvents.add(new Unread(member.userId, chat.id, member.unread, member.readSeq, chat.latestSeq, chat.position));
    }

    private String content() {
        StringBuilder sb = new StringBuilder();
        int words = 1 + rnd.nextInt(12);
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        if (rnd.nextInt(40) == 0) {
            sb.append(" the ").append(rnd.nextBoolean() ? SEARCH_WORD : "Lighthouse");
        }
        return sb.toString();
    }

    private Instant tick() {
        clock = clock.plusMillis(1 + rnd.nextInt(3000));
        return clock;
    }
}
