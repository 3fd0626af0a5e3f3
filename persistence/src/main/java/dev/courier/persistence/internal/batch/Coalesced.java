package dev.courier.persistence.internal.batch;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.Decoded;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.UnreadChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The net effect of a run of records, table by table: what the writer must write, each row at most once per key.
 * Chat events are applied in (chat, seq) order; of several unread values for a key only the highest version is kept,
 * of several watermark advances only the highest per kind. Records that did not decode are left out (the caller
 * reports them).
 */
public final class Coalesced {

    /** A new chat with the highest seq the batch has for it. */
    public record ChatRow(ChatCreated created, long latestSeq) {
    }

    /** A member's last join in the batch and the leave after it (null if still a member). */
    public record MembershipRow(UUID chatId, UUID userId, String role, Instant joinedAt, long joinedSeq,
                                Instant leftAt, Long leftSeq) {
    }

    /** A leave whose join is not in the batch. */
    public record LeaveRow(UUID chatId, UUID userId, long leftSeq, Instant leftAt) {
    }

    /** Highest delivered and read advance per member (0 and null where the batch has none). */
    public record WatermarkRow(UUID chatId, UUID userId, long deliveredSeq, Instant deliveredAt, long readSeq,
                               Instant readAt) {
    }

    private record Member(UUID chatId, UUID userId) {
    }

    private record ReceiptKey(UUID chatId, UUID userId, ReceiptKind kind, long upToSeq) {
    }

    private final Map<UUID, ChatCreated> newChats = new LinkedHashMap<>();
    private final Map<UUID, Long> latestSeq = new LinkedHashMap<>();
    private final Map<Member, MembershipRow> memberships = new LinkedHashMap<>();
    private final Map<Member, LeaveRow> leaves = new LinkedHashMap<>();
    private final Map<UUID, MessageSent> messages = new LinkedHashMap<>();
    private final Map<ReceiptKey, ReceiptAdvanced> receiptLog = new LinkedHashMap<>();
    private final Map<Member, WatermarkRow> watermarks = new LinkedHashMap<>();
    private final Map<Member, UnreadChanged> unread = new LinkedHashMap<>();

    /** (chat, seq); a missing seq counts as 0. Written out rather than composed: it runs n log n times per batch. */
    private static final Comparator<ChatEvent> BY_CHAT_AND_SEQ = (a, b) -> {
        int byChat = a.chatId().compareTo(b.chatId());
        return byChat != 0 ? byChat : Long.compare(seqOf(a), seqOf(b));
    };

    private Coalesced() {
    }

    public static Coalesced of(List<SinkRecord> records) {
        Coalesced c = new Coalesced();
        List<ChatEvent> chatEvents = new ArrayList<>();
        for (SinkRecord r : records) {
            if (r.value() instanceof Decoded.Valid<?> valid) {
                // Other types never reach the sink's topics (each topic's decoder rejects them).
                if (valid.event() instanceof ChatEvent e) {
                    chatEvents.add(e);
                } else if (valid.event() instanceof ReceiptAdvanced e) {
                    c.receipt(e);
                } else if (valid.event() instanceof UnreadChanged e) {
                    c.unread.merge(new Member(e.chatId(), e.userId()), e,
                            (old, neu) -> neu.version() > old.version() ? neu : old);
                }
            }
        }
        chatEvents.sort(BY_CHAT_AND_SEQ);
        chatEvents.forEach(c::chatEvent);
        return c;
    }

    private static long seqOf(ChatEvent e) {
        return e.seq() == null ? 0 : e.seq();
    }

    private void chatEvent(ChatEvent event) {
        long seq = seqOf(event);
        latestSeq.merge(event.chatId(), seq, Math::max);
        if (event instanceof MessageSent e) {
            messages.putIfAbsent(e.messageId(), e);
        } else if (event instanceof ChatCreated e) {
            newChats.putIfAbsent(e.chatId(), e);
            join(e.chatId(), e.createdBy(), "owner", e.acceptedAt(), seq);
            for (UUID m : e.members()) {
                if (!m.equals(e.createdBy())) {
                    join(e.chatId(), m, "member", e.acceptedAt(), seq);
                }
            }
        } else if (event instanceof MemberJoined e) {
            join(e.chatId(), e.userId(), "member", e.acceptedAt(), seq);
        } else if (event instanceof MemberLeft e) {
            Member key = new Member(e.chatId(), e.userId());
            MembershipRow joined = memberships.get(key);
            if (joined != null) {
                memberships.put(key, new MembershipRow(joined.chatId(), joined.userId(), joined.role(),
                        joined.joinedAt(), joined.joinedSeq(), e.acceptedAt(), seq));
            } else {
                leaves.put(key, new LeaveRow(e.chatId(), e.userId(), seq, e.acceptedAt()));
            }
        }
    }

    private void join(UUID chatId, UUID userId, String role, Instant at, long seq) {
        Member key = new Member(chatId, userId);
        leaves.remove(key); // the join comes later in seq order, so it supersedes the leave
        memberships.put(key, new MembershipRow(chatId, userId, role, at, seq, null, null));
    }

    private void receipt(ReceiptAdvanced e) {
        receiptLog.putIfAbsent(new ReceiptKey(e.chatId(), e.userId(), e.kind(), e.upToSeq()), e);
        watermarks.merge(new Member(e.chatId(), e.userId()), e.kind() == ReceiptKind.READ
                        ? new WatermarkRow(e.chatId(), e.userId(), 0, null, e.upToSeq(), e.at())
                        : new WatermarkRow(e.chatId(), e.userId(), e.upToSeq(), e.at(), 0, null),
                (a, b) -> new WatermarkRow(a.chatId(), a.userId(),
                        Math.max(a.deliveredSeq(), b.deliveredSeq()),
                        a.deliveredSeq() >= b.deliveredSeq() ? a.deliveredAt() : b.deliveredAt(),
                        Math.max(a.readSeq(), b.readSeq()),
                        a.readSeq() >= b.readSeq() ? a.readAt() : b.readAt()));
    }

    public List<ChatRow> newChats() {
        return newChats.values().stream().map(e -> new ChatRow(e, latestSeq.get(e.chatId()))).toList();
    }

    /** Highest seq per chat not created in this batch (created chats carry theirs in {@link ChatRow}). */
    public Map<UUID, Long> latestSeqOfExistingChats() {
        Map<UUID, Long> m = new LinkedHashMap<>(latestSeq);
        m.keySet().removeAll(newChats.keySet());
        return m;
    }

    public List<MembershipRow> memberships() {
        return List.copyOf(memberships.values());
    }

    public List<LeaveRow> leaves() {
        return List.copyOf(leaves.values());
    }

    public List<MessageSent> messages() {
        return List.copyOf(messages.values());
    }

    public List<ReceiptAdvanced> receiptLog() {
        return List.copyOf(receiptLog.values());
    }

    public List<WatermarkRow> watermarks() {
        return List.copyOf(watermarks.values());
    }

    public List<UnreadChanged> unread() {
        return List.copyOf(unread.values());
    }
}
