package dev.courier.worker.internal;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.ChatType;
import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.Delivery;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.events.Topics;
import dev.courier.events.UnreadChanged;
import dev.courier.worker.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The one processor behind both inputs, so a chat's events and receipts are handled by one task, in order, against
 * the same stores. It validates each input completely before it changes any state.
 */
public final class ChatProcessor implements Processor<String, Decoded<?>, String, CourierEvent> {

    private final Topics topics;
    private final Duration dedupWindow;
    private final WorkerMetrics metrics;
    private final Sinks sinks;
    private ProcessorContext<String, CourierEvent> context;
    private ChatStores stores;

    public ChatProcessor(Topics topics, Duration dedupWindow, WorkerMetrics metrics, Sinks sinks) {
        this.topics = topics;
        this.dedupWindow = dedupWindow;
        this.metrics = metrics;
        this.sinks = sinks;
    }

    /** Names of the sink nodes the processor forwards to. */
    public record Sinks(String chatLog, String inbox, String receipts, String unread, String rejected) {
    }

    @Override
    public void init(ProcessorContext<String, CourierEvent> context) {
        this.context = context;
        this.stores = new ChatStores(context, dedupWindow);
        // Once per task start, in the task's own transaction: see ChatStores#markWritten (why a clean stop used to
        // cost a full restore).
        Cancellable[] marking = new Cancellable[1];
        marking[0] = context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            stores.markWritten(now);
            marking[0].cancel();
        });
    }

    @Override
    public void process(Record<String, Decoded<?>> record) {
        metrics.recordIn(source(record).topic());
        Decoded<?> decoded = record.value();
        if (decoded instanceof Decoded.Invalid<?> invalid) {
            reject(record, invalid.reason(), invalid.detail(), invalid.raw());
            return;
        }
        CourierEvent event = ((Decoded.Valid<?>) decoded).event();
        UUID chatId = event instanceof ChatEvent ce ? ce.chatId() : ((ReceiptSubmitted) event).chatId();
        String chat = chatId.toString();
        if (!chat.equals(record.key())) {
            reject(record, RejectReason.INVALID, "record key '" + record.key() + "' must be the event's chatId " + chat
                    + " (chat-scoped topics are keyed by chat id)", event);
            return;
        }
        if (event instanceof ChatCreated e) {
            created(record, chat, e);
        } else if (event instanceof MemberJoined e) {
            joined(record, chat, e);
        } else if (event instanceof MemberLeft e) {
            left(record, chat, e);
        } else if (event instanceof MessageSent e) {
            sent(record, chat, e);
        } else if (event instanceof ReceiptSubmitted e) {
            receipt(record, chat, e);
        }
    }

    private void created(Record<String, Decoded<?>> record, String chat, ChatCreated e) {
        if (stores.header(chat) != null) {
            reject(record, RejectReason.CHAT_EXISTS, "chat " + chat + " already exists", e);
            return;
        }
        ChatHeader header = new ChatHeader(e.chatType() == ChatType.GROUP, 1, 0, 1);
        Set<UUID> founders = new LinkedHashSet<>();
        founders.add(e.createdBy());
        founders.addAll(e.members());
        for (UUID user : founders) {
            stores.putMember(chat, user.toString(), Member.joined(1, 0));
        }
        stores.putMark(chat, 1, 0);
        stores.putHeader(chat, header);
        emitLog(record, e.sequenced(1, stamp(record)));
    }

    private void joined(Record<String, Decoded<?>> record, String chat, MemberJoined e) {
        ChatHeader header = existingChat(record, chat, e);
        if (header == null) {
            return;
        }
        String user = e.userId().toString();
        Member before = stores.member(chat, user);
        if (before != null && before.active()) {
            reject(record, RejectReason.INVALID, "userId: " + user + " is already a member of chat " + chat, e);
            return;
        }
        ChatHeader next = header.next(false);
        long seq = next.latestSeq();
        Member member;
        if (before == null) {
            member = Member.joined(seq, next.messageCount());
            stores.putMember(chat, user, member);
        } else {
            member = before.rejoined(seq, next.messageCount());
            stores.putRejoined(chat, user, member);
        }
        stores.putMark(chat, seq, next.messageCount());
        stores.putHeader(chat, next);
        emitLog(record, e.sequenced(seq, stamp(record)));
        if (before != null && before.unread(header) != 0) {
            emitUnread(record, e.userId(), e.chatId(), member, next);
        }
    }

    private void left(Record<String, Decoded<?>> record, String chat, MemberLeft e) {
        ChatHeader header = existingChat(record, chat, e);
        if (header == null) {
            return;
        }
        String user = e.userId().toString();
        Member before = activeMember(record, chat, "userId", user, e);
        if (before == null) {
            return;
        }
        ChatHeader next = header.next(false);
        stores.putDeparted(chat, user, before.left(next.messageCount()));
        stores.putMark(chat, next.latestSeq(), next.messageCount());
        stores.putHeader(chat, next);
        emitLog(record, e.sequenced(next.latestSeq(), stamp(record)));
    }

    private void sent(Record<String, Decoded<?>> record, String chat, MessageSent e) {
        ChatHeader header = existingChat(record, chat, e);
        if (header == null) {
            return;
        }
        if (e.seq() != null && !e.messageId().equals(MessageIds.derive(e.chatId(), e.senderId(), e.clientMessageId()))) {
            // The codec lets a sequenced event keep its id (chat-log history); an input's seq is ignored, its id is not.
            reject(record, RejectReason.INVALID, "messageId: must be the UUIDv5 of chatId, senderId and clientMessageId"
                    + " (" + MessageIds.derive(e.chatId(), e.senderId(), e.clientMessageId()) + ") or left out", e);
            return;
        }
        String messageId = e.messageId().toString();
        Long earlier = stores.sequencedMessage(messageId, record.timestamp());
        if (earlier != null) {
            reject(record, RejectReason.DUPLICATE, "messageId: " + messageId + " was already sequenced as seq "
                    + earlier + " within the " + dedupWindow + " dedup window", e);
            return;
        }
        String sender = e.senderId().toString();
        Member senderBefore = activeMember(record, chat, "senderId", sender, e);
        if (senderBefore == null) {
            return;
        }
        ChatHeader next = header.next(true);
        long seq = next.latestSeq();
        // Sending reads (and so delivers) the chat up to the message itself.
        Member senderAfter = senderBefore.watermarks(seq, seq, seq, next.messageCount());
        stores.putMember(chat, sender, senderAfter);
        stores.rememberMessage(messageId, seq, record.timestamp());
        stores.putHeader(chat, next);
        MessageSent sequenced = (MessageSent) e.sequenced(seq, stamp(record));
        emitLog(record, sequenced);
        metrics.latencySince(sequenced.acceptedAt());
        Instant at = sequenced.acceptedAt();
        emitReceipts(record, e.chatId(), e.senderId(), senderBefore, senderAfter, at);

        int recipients = 0;
        for (KeyValue<String, Member> m : stores.members(chat)) {
            if (m.key.equals(sender)) {
                if (senderBefore.unread(header) != 0) {
                    emitUnread(record, e.senderId(), e.chatId(), senderAfter, next);
                }
                continue;
            }
            if (!m.value.active()) {
                continue;
            }
            UUID user = UUID.fromString(m.key);
            recipients++;
            forward(record, sinks.inbox(), m.key, new Delivery(user, e.chatId(), seq, e.messageId(), e.senderId()),
                    topics.inbox().name());
            emitUnread(record, user, e.chatId(), m.value, next);
        }
        metrics.fanOut(recipients);
    }

    private void receipt(Record<String, Decoded<?>> record, String chat, ReceiptSubmitted r) {
        ChatHeader header = existingChat(record, chat, r);
        if (header == null) {
            return;
        }
        String user = r.userId().toString();
        Member before = activeMember(record, chat, "userId", user, r);
        if (before == null) {
            return;
        }
        // Clamp to what exists; a watermark only moves up; read implies delivered.
        long upTo = Math.min(r.upToSeq(), header.latestSeq());
        long read = r.kind() == ReceiptKind.READ ? Math.max(before.readSeq(), upTo) : before.readSeq();
        long delivered = Math.max(before.deliveredSeq(), Math.max(read, upTo));
        if (read == before.readSeq() && delivered == before.deliveredSeq()) {
            return; // stale or repeated: nothing moves, nothing to say
        }
        long base = Math.max(read, before.joinedSeq());
        long baseCount = base == before.baseSeq() ? before.baseCount() : stores.messageCountAt(chat, base);
        Member after = before.watermarks(delivered, read, base, baseCount);
        ChatHeader next = header.bumpVersion();
        stores.putMember(chat, user, after);
        stores.putHeader(chat, next);
        emitReceipts(record, r.chatId(), r.userId(), before, after, r.at() != null ? r.at() : stamp(record));
        if (after.unread(next) != before.unread(header)) {
            emitUnread(record, r.userId(), r.chatId(), after, next);
        }
    }

    private void emitReceipts(Record<String, Decoded<?>> record, UUID chatId, UUID userId, Member before, Member after,
                              Instant at) {
        String chat = chatId.toString();
        if (after.deliveredSeq() != before.deliveredSeq()) {
            forward(record, sinks.receipts(), chat, new ReceiptAdvanced(chatId, userId, ReceiptKind.DELIVERED,
                    after.deliveredSeq(), before.deliveredSeq(), at), topics.receipts().name());
        }
        if (after.readSeq() != before.readSeq()) {
            forward(record, sinks.receipts(), chat, new ReceiptAdvanced(chatId, userId, ReceiptKind.READ,
                    after.readSeq(), before.readSeq(), at), topics.receipts().name());
        }
    }

    private void emitUnread(Record<String, Decoded<?>> record, UUID userId, UUID chatId, Member member, ChatHeader chat) {
        forward(record, sinks.unread(), userId.toString(), new UnreadChanged(userId, chatId, member.unread(chat),
                member.readSeq(), chat.latestSeq(), chat.version(), stamp(record)), topics.unread().name());
    }

    private void emitLog(Record<String, Decoded<?>> record, ChatEvent sequenced) {
        forward(record, sinks.chatLog(), record.key(), sequenced, topics.chatLog().name());
    }

    /** The chat's header; null after rejecting {@code e} when the chat does not exist. */
    private ChatHeader existingChat(Record<String, Decoded<?>> record, String chat, CourierEvent e) {
        ChatHeader header = stores.header(chat);
        if (header == null) {
            reject(record, RejectReason.UNKNOWN_CHAT, "chat " + chat + " does not exist", e);
        }
        return header;
    }

    /** The user's current membership; null after rejecting {@code e} when they are not (or no longer) a member. */
    private Member activeMember(Record<String, Decoded<?>> record, String chat, String field, String user, CourierEvent e) {
        Member member = stores.member(chat, user);
        if (member == null || !member.active()) {
            reject(record, RejectReason.NOT_A_MEMBER, field + ": " + user + " is not a member of chat " + chat, e);
            return null;
        }
        return member;
    }

    private void reject(Record<String, Decoded<?>> record, RejectReason reason, String detail, CourierEvent input) {
        String raw = new String(input instanceof ReceiptSubmitted rs
                ? topics.receiptsIn().valueSerde().serializer().serialize(topics.receiptsIn().name(), rs)
                : topics.chatEventsIn().valueSerde().serializer().serialize(topics.chatEventsIn().name(), (ChatEvent) input),
                StandardCharsets.UTF_8);
        reject(record, reason, detail, raw);
    }

    private void reject(Record<String, Decoded<?>> record, RejectReason reason, String detail, String raw) {
        Source from = source(record);
        Rejected rejected = new Rejected(record.key(), reason, detail, from.topic(), from.partition(), from.offset(), raw,
                stamp(record));
        metrics.rejected(reason);
        forward(record, sinks.rejected(), record.key(), rejected, topics.rejected().name());
    }

    private void forward(Record<String, Decoded<?>> record, String sink, String key, CourierEvent value, String topic) {
        context.forward(new Record<String, CourierEvent>(key, value, record.timestamp(), record.headers()), sink);
        metrics.recordOut(topic);
    }

    /** Where an input was written by its producer. */
    private record Source(String topic, int partition, long offset) {
    }

    /**
     * The input's own topic, partition and offset: a record that came through {@code reroute} names them in headers
     * ({@link ChatRouter}); headers are trusted only there, not on the {@code .in} topics any producer writes.
     */
    private Source source(Record<?, ?> record) {
        RecordMetadata md = context.recordMetadata().orElse(null);
        if (md == null) {
            return new Source("?", -1, -1);
        }
        if (md.topic().equals(topics.reroute().name())) {
            try {
                return new Source(header(record, ChatRouter.SOURCE_TOPIC),
                        Integer.parseInt(header(record, ChatRouter.SOURCE_PARTITION)),
                        Long.parseLong(header(record, ChatRouter.SOURCE_OFFSET)));
            } catch (RuntimeException missing) {
                // written by something other than the router: report where it was read
            }
        }
        return new Source(md.topic(), md.partition(), md.offset());
    }

    private static String header(Record<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The worker's clock for an input: its record timestamp (replays stamp the same values). */
    private static Instant stamp(Record<?, ?> record) {
        return Instant.ofEpochMilli(record.timestamp());
    }
}
