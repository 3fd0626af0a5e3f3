package dev.courier.events.internal.json;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatType;
import dev.courier.events.CourierEvent;
import dev.courier.events.Delivery;
import dev.courier.events.EventLimits;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.RejectReason;
import dev.courier.events.UnreadChanged;
import dev.courier.events.ChatEvent;
import dev.courier.events.Rejected;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The wire form of every event type (DESIGN §3): what is read, what is checked, and what is written. */
final class EventShapes {

    private final Map<String, EventShape<?>> byType;
    private final Map<Class<?>, EventShape<?>> byClass;
    /** The shapes of the records written most (every message, and the worker's ten outputs per message). */
    private final EventShape<?> messageSent;
    private final EventShape<?> delivery;
    private final EventShape<?> unreadChanged;

    EventShapes(EventLimits limits) {
        List<EventShape<?>> all = List.of(new ChatCreatedShape(), new MembershipShape<>(MemberJoined.class, MemberJoined::new, MemberJoined::userId),
                new MembershipShape<>(MemberLeft.class, MemberLeft::new, MemberLeft::userId), new MessageSentShape(limits),
                new ReceiptSubmittedShape(), new ReceiptAdvancedShape(), new DeliveryShape(), new UnreadChangedShape(),
                new RejectedShape());
        this.byType = all.stream().collect(Collectors.toMap(s -> s.type, Function.identity()));
        this.byClass = all.stream().collect(Collectors.toMap(s -> s.eventClass, Function.identity()));
        this.messageSent = byClass.get(MessageSent.class);
        this.delivery = byClass.get(Delivery.class);
        this.unreadChanged = byClass.get(UnreadChanged.class);
    }

    EventShape<?> byType(String type) {
        return byType.get(type);
    }

    @SuppressWarnings("unchecked")
    <T extends CourierEvent> EventShape<T> byClass(Class<T> eventClass) {
        EventShape<T> shape = (EventShape<T>) byClass.get(eventClass);
        if (shape == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not one event type");
        }
        return shape;
    }

    /** The shape that writes {@code event}: a type test for the common ones costs less than a lookup by class. */
    EventShape<?> of(CourierEvent event) {
        if (event instanceof MessageSent) {
            return messageSent;
        }
        if (event instanceof Delivery) {
            return delivery;
        }
        if (event instanceof UnreadChanged) {
            return unreadChanged;
        }
        return byClass(event.getClass());
    }

    /** The type names {@code expected} (a type or a family such as ChatEvent) stands for, e.g. {@code A|B}. */
    String typesOf(Class<?> expected) {
        return byType.values().stream().filter(s -> expected.isAssignableFrom(s.eventClass)).map(s -> s.type).sorted()
                .collect(Collectors.joining("|"));
    }

    private static byte[][] wireNames(Enum<?>[] constants, Function<Enum<?>, String> wireName) {
        return Stream.of(constants).map(c -> AsciiBytes.of(wireName.apply(c))).toArray(byte[][]::new);
    }

    private static final byte[][] CHAT_TYPES = wireNames(ChatType.values(), c -> ((ChatType) c).wireName());
    private static final byte[][] RECEIPT_KINDS = wireNames(ReceiptKind.values(), c -> ((ReceiptKind) c).wireName());
    private static final byte[][] REJECT_REASONS = wireNames(RejectReason.values(), c -> ((RejectReason) c).wireName());

    private static byte[] wire(byte[][] names, Enum<?> value) {
        return value == null ? null : names[value.ordinal()];
    }

    private static final class ChatCreatedShape extends EventShape<ChatCreated> {
        private final Field<UUID> chatId = required("chatId", Field.UUID_KIND);
        private final Field<ChatType> chatType = required("chatType", Field.enumValue(ChatType.class));
        private final Field<String> title = optional("title", Field.text(EventLimits.MAX_TITLE_LENGTH, true, true));
        private final Field<UUID> createdBy = required("createdBy", Field.UUID_KIND);
        private final Field<List<UUID>> members = required("members", Field.uuids(EventLimits.MAX_MEMBERS));
        private final Field<Instant> acceptedAt = optional("acceptedAt", Field.INSTANT);
        private final Field<Long> seq = optional("seq", Field.longAtLeast(1));

        ChatCreatedShape() {
            super(ChatCreated.class);
        }

        @Override
        ChatCreated build(ObjectRead r) {
            List<UUID> ids = r.get(members);
            if (ids != null) {
                Set<UUID> seen = new HashSet<>();
                for (int i = 0; i < ids.size(); i++) {
                    if (!seen.add(ids.get(i))) {
                        r.problem(members, "[" + i + "]", "duplicate of an earlier member");
                    }
                }
                if (r.get(createdBy) != null) {
                    seen.add(r.get(createdBy));
                }
                if (r.get(chatType) == ChatType.DIRECT && seen.size() != 2) {
                    r.problem(members, "a direct chat has exactly two participants (createdBy and one other), got "
                            + seen.size());
                }
            }
            return new ChatCreated(r.get(chatId), r.get(chatType), r.get(title), r.get(createdBy),
                    ids == null ? List.of() : ids, r.get(acceptedAt), r.get(seq));
        }

        @Override
        byte[] write(ChatCreated c, JsonOutput out) {
            return out.begin(envelope)
                    .uuid(chatId.key, c.chatId()).ascii(chatType.key, wire(CHAT_TYPES, c.chatType()))
                    .text(title.key, c.title()).uuid(createdBy.key, c.createdBy()).uuids(members.key, c.members())
                    .instant(acceptedAt, c.acceptedAt()).number(seq.key, c.seq()).end();
        }
    }

    /** MemberJoined and MemberLeft: the same fields, two meanings. */
    private static final class MembershipShape<T extends ChatEvent> extends EventShape<T> {
        interface Constructor<T> {
            T make(UUID chatId, UUID userId, Instant acceptedAt, Long seq);
        }

        private final Field<UUID> chatId = required("chatId", Field.UUID_KIND);
        private final Field<UUID> userId = required("userId", Field.UUID_KIND);
        private final Field<Instant> acceptedAt = optional("acceptedAt", Field.INSTANT);
        private final Field<Long> seq = optional("seq", Field.longAtLeast(1));
        private final Constructor<T> constructor;
        private final Function<T, UUID> userOf;

        MembershipShape(Class<T> eventClass, Constructor<T> constructor, Function<T, UUID> userOf) {
            super(eventClass);
            this.constructor = constructor;
            this.userOf = userOf;
        }

        @Override
        T build(ObjectRead r) {
            return constructor.make(r.get(chatId), r.get(userId), r.get(acceptedAt), r.get(seq));
        }

        @Override
        byte[] write(T e, JsonOutput out) {
            return out.begin(envelope).uuid(chatId.key, e.chatId()).uuid(userId.key, userOf.apply(e))
                    .instant(acceptedAt, e.acceptedAt()).number(seq.key, e.seq()).end();
        }
    }

    private static final class MessageSentShape extends EventShape<MessageSent> {
        private final Field<UUID> chatId = required("chatId", Field.UUID_KIND);
        private final Field<UUID> messageId = optional("messageId", Field.UUID_KIND);
        private final Field<UUID> senderId = required("senderId", Field.UUID_KIND);
        private final Field<String> clientMessageId = required("clientMessageId",
                Field.text(EventLimits.MAX_CLIENT_MESSAGE_ID_LENGTH, false, true));
        private final Field<String> content = required("content", Field.content(limits.maxContentBytes()));
        private final Field<Instant> sentAt = optional("sentAt", Field.INSTANT);
        private final Field<Instant> acceptedAt = optional("acceptedAt", Field.INSTANT);
        private final Field<Long> seq = optional("seq", Field.longAtLeast(1));

        MessageSentShape(EventLimits limits) {
            super(MessageSent.class, limits);
        }

        @Override
        MessageSent build(ObjectRead r) {
            UUID chat = r.get(chatId);
            UUID id = r.get(messageId);
            UUID sender = r.get(senderId);
            String clientId = r.get(clientMessageId);
            Long sequence = r.get(seq);
            if (chat != null && sender != null && clientId != null) {
                UUID derived = MessageIds.derive(chat, sender, clientId);
                // An input (no seq yet) must carry the derived id or none. A sequenced event keeps the id it was
                // sequenced with: chat-log is kept forever, and a rebuild must read what older versions wrote.
                if (id == null) {
                    id = derived;
                } else if (sequence == null && !id.equals(derived)) {
                    r.problem(messageId, "must be the UUIDv5 of chatId, senderId and clientMessageId (" + derived
                            + ") or left out");
                }
            }
            return new MessageSent(chat, id, sender, clientId, r.get(content), r.get(sentAt), r.get(acceptedAt), sequence);
        }

        @Override
        byte[] write(MessageSent m, JsonOutput out) {
            return out.begin(envelope)
                    .uuid(chatId.key, m.chatId()).uuid(messageId.key, m.messageId()).uuid(senderId.key, m.senderId())
                    .text(clientMessageId.key, m.clientMessageId()).text(content.key, m.content())
                    .instant(sentAt, m.sentAt()).instant(acceptedAt, m.acceptedAt()).number(seq.key, m.seq())
                    .end();
        }
    }

    private static final class ReceiptSubmittedShape extends EventShape<ReceiptSubmitted> {
        private final Field<UUID> chatId = required("chatId", Field.UUID_KIND);
        private final Field<UUID> userId = required("userId", Field.UUID_KIND);
        private final Field<ReceiptKind> kind = required("kind", Field.enumValue(ReceiptKind.class));
        private final Field<Long> upToSeq = required("upToSeq", Field.longAtLeast(1));
        private final Field<Instant> at = optional("at", Field.INSTANT);

        ReceiptSubmittedShape() {
            super(ReceiptSubmitted.class);
        }

        @Override
        ReceiptSubmitted build(ObjectRead r) {
            return new ReceiptSubmitted(r.get(chatId), r.get(userId), r.get(kind), r.getOrZero(upToSeq), r.get(at));
        }

        @Override
        byte[] write(ReceiptSubmitted s, JsonOutput out) {
            return out.begin(envelope).uuid(chatId.key, s.chatId()).uuid(userId.key, s.userId())
                    .ascii(kind.key, wire(RECEIPT_KINDS, s.kind())).number(upToSeq.key, s.upToSeq())
                    .instant(at, s.at()).end();
        }
    }

    private static final class ReceiptAdvancedShape extends EventShape<ReceiptAdvanced> {
        private final Field<UUID> chatId = required("chatId", Field.UUID_KIND);
        private final Field<UUID> userId = required("userId", Field.UUID_KIND);
        private final Field<ReceiptKind> kind = required("kind", Field.enumValue(ReceiptKind.class));
        private final Field<Long> upToSeq = required("upToSeq", Field.longAtLeast(1));
        private final Field<Long> previousSeq = required("previousSeq", Field.longAtLeast(0));
        private final Field<Instant> at = required("at", Field.INSTANT);

        ReceiptAdvancedShape() {
            super(ReceiptAdvanced.class);
        }

        @Override
        ReceiptAdvanced build(ObjectRead r) {
            return new ReceiptAdvanced(r.get(chatId), r.get(userId), r.get(kind), r.getOrZero(upToSeq),
                    r.getOrZero(previousSeq), r.get(at));
        }

        @Override
        byte[] write(ReceiptAdvanced a, JsonOutput out) {
            return out.begin(envelope).uuid(chatId.key, a.chatId()).uuid(userId.key, a.userId())
                    .ascii(kind.key, wire(RECEIPT_KINDS, a.kind())).number(upToSeq.key, a.upToSeq())
                    .number(previousSeq.key, a.previousSeq()).instant(at, a.at()).end();
        }
    }

    private static final class DeliveryShape extends EventShape<Delivery> {
        private final Field<UUID> userId = required("userId", Field.UUID_KIND);
        private final Field<UUID> chatId = required("chatId", Field.UUID_KIND);
        private final Field<Long> seq = required("seq", Field.longAtLeast(1));
        private final Field<UUID> messageId = required("messageId", Field.UUID_KIND);
        private final Field<UUID> senderId = required("senderId", Field.UUID_KIND);

        DeliveryShape() {
            super(Delivery.class);
        }

        @Override
        Delivery build(ObjectRead r) {
            return new Delivery(r.get(userId), r.get(chatId), r.getOrZero(seq), r.get(messageId), r.get(senderId));
        }

        @Override
        byte[] write(Delivery d, JsonOutput out) {
            return out.begin(envelope).uuid(userId.key, d.userId()).uuid(chatId.key, d.chatId())
                    .number(seq.key, d.seq()).uuid(messageId.key, d.messageId()).uuid(senderId.key, d.senderId()).end();
        }
    }

    private static final class UnreadChangedShape extends EventShape<UnreadChanged> {
        private final Field<UUID> userId = required("userId", Field.UUID_KIND);
        private final Field<UUID> chatId = required("chatId", Field.UUID_KIND);
        private final Field<Long> unread = required("unread", Field.longAtLeast(0));
        private final Field<Long> lastReadSeq = required("lastReadSeq", Field.longAtLeast(0));
        private final Field<Long> latestSeq = required("latestSeq", Field.longAtLeast(0));
        private final Field<Long> version = required("version", Field.longAtLeast(0));
        private final Field<Instant> at = required("at", Field.INSTANT);

        UnreadChangedShape() {
            super(UnreadChanged.class);
        }

        @Override
        UnreadChanged build(ObjectRead r) {
            return new UnreadChanged(r.get(userId), r.get(chatId), r.getOrZero(unread),
                    r.getOrZero(lastReadSeq), r.getOrZero(latestSeq), r.getOrZero(version), r.get(at));
        }

        @Override
        byte[] write(UnreadChanged u, JsonOutput out) {
            return out.begin(envelope).uuid(userId.key, u.userId()).uuid(chatId.key, u.chatId())
                    .number(unread.key, u.unread()).number(lastReadSeq.key, u.lastReadSeq())
                    .number(latestSeq.key, u.latestSeq()).number(version.key, u.version()).instant(at, u.at()).end();
        }
    }

    private static final class RejectedShape extends EventShape<Rejected> {
        private final Field<String> key = optional("key", Field.text(Integer.MAX_VALUE, true, false));
        private final Field<RejectReason> reason = required("reason", Field.enumValue(RejectReason.class));
        private final Field<String> detail = required("detail", Field.text(Integer.MAX_VALUE, true, false));
        private final Field<String> sourceTopic = required("sourceTopic", Field.text(249, false, false));
        private final Field<Long> sourcePartition = required("sourcePartition", Field.longAtLeast(-1));
        private final Field<Long> sourceOffset = required("sourceOffset", Field.longAtLeast(-1));
        private final Field<String> rawValue = optional("rawValue", Field.text(Integer.MAX_VALUE, true, false));
        private final Field<Instant> at = required("at", Field.INSTANT);

        RejectedShape() {
            super(Rejected.class);
        }

        @Override
        Rejected build(ObjectRead r) {
            return new Rejected(r.get(key), r.get(reason), r.get(detail), r.get(sourceTopic),
                    (int) r.getOrZero(sourcePartition), r.getOrZero(sourceOffset), r.get(rawValue), r.get(at));
        }

        @Override
        byte[] write(Rejected j, JsonOutput out) {
            return out.begin(envelope)
                    .text(key.key, j.key()).ascii(reason.key, wire(REJECT_REASONS, j.reason()))
                    .text(detail.key, j.detail()).text(sourceTopic.key, j.sourceTopic())
                    .number(sourcePartition.key, j.sourcePartition()).number(sourceOffset.key, j.sourceOffset())
                    .text(rawValue.key, j.rawValue()).instant(at, j.at()).end();
        }
    }
}
