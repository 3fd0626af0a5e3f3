package dev.courier.ingest.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.events.ChatCreated;
import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.EventCodec;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageSent;
import dev.courier.events.JsonText;
import dev.courier.events.IsoInstants;
import dev.courier.events.MessageSentWriter;
import dev.courier.events.Problem;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.ingest.ApiProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns write-request bodies into the events they publish. A body is checked for fields it may not carry, then
 * reshaped into the event's wire form (path parameters and the {@code type}/{@code v} envelope added) and read by
 * the events module's {@link EventCodec}, so HTTP and the {@code .in} topics share one set of rules and limits.
 * Every bad field is reported, with HTTP names: {@code path.chatId}, {@code messages[3].content}, {@code type}.
 * Nothing here does I/O; an invalid request throws {@link ApiProblem} before anything is published.
 */
public final class WriteRequests {

    private static final Set<String> CHAT_FIELDS = Set.of("chatId", "type", "title", "createdBy", "members");
    private static final Set<String> JOIN_FIELDS = Set.of("userId");
    private static final Set<String> MESSAGE_FIELDS = Set.of("senderId", "clientMessageId", "content", "sentAt");
    private static final Set<String> BATCH_ITEM_FIELDS = Set.of("chatId", "senderId", "clientMessageId", "content", "sentAt");
    private static final Set<String> BATCH_FIELDS = Set.of("messages");
    private static final Set<String> RECEIPT_FIELDS = Set.of("userId", "kind", "upToSeq");

    /** One record to publish. */
    public record Outgoing(String topic, String key, byte[] value) {
    }

    /** What a valid request publishes, and what the 202 answer says. */
    public record Accepted(List<Outgoing> records, Object response) {
    }

    public record ChatAccepted(UUID chatId, Instant acceptedAt) {
    }

    public record MembershipAccepted(UUID chatId, UUID userId, Instant acceptedAt) {
    }

    public record MessageAccepted(UUID messageId, UUID chatId, Instant acceptedAt) {
    }

    public record ReceiptAccepted(UUID chatId, UUID userId, String kind, long upToSeq, Instant acceptedAt) {
    }

    public record BatchAccepted(int accepted, List<MessageAccepted> results) {
    }

    private final EventCodec codec;
    private final Topic<dev.courier.events.ChatEvent> chatEvents;
    private final Topic<ReceiptSubmitted> receipts;
    private final int maxBatchItems;

    public WriteRequests(EventCodec codec, Topics topics, int maxBatchItems) {
        this.codec = codec;
        this.chatEvents = topics.chatEventsIn();
        this.receipts = topics.receiptsIn();
        this.maxBatchItems = maxBatchItems;
    }

    public Accepted createChat(JsonNode body, Instant now) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode node = object(body, "", problems);
        unknownFields(node, CHAT_FIELDS, "", problems);
        if (!node.has("chatId") || node.get("chatId").isNull()) {
            node.put("chatId", UUID.randomUUID().toString());
        }
        JsonNode chatType = node.remove("type");
        if (chatType != null) {
            node.set("chatType", chatType);
        }
        ChatCreated c = decode(node, "ChatCreated", ChatCreated.class, Map.of("chatType", "type"), "", problems);
        ChatCreated stamped = new ChatCreated(c.chatId(), c.chatType(), c.title(), c.createdBy(), c.members(), now, null);
        return new Accepted(List.of(chatEvent(stamped)), new ChatAccepted(c.chatId(), now));
    }

    public Accepted join(String pathChatId, JsonNode body, Instant now) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode node = object(body, "", problems);
        unknownFields(node, JOIN_FIELDS, "", problems);
        node.put("chatId", pathChatId);
        MemberJoined j = decode(node, "MemberJoined", MemberJoined.class, Map.of("chatId", "path.chatId"), "", problems);
        MemberJoined stamped = new MemberJoined(j.chatId(), j.userId(), now, null);
        return new Accepted(List.of(chatEvent(stamped)), new MembershipAccepted(j.chatId(), j.userId(), now));
    }

    public Accepted leave(String pathChatId, String pathUserId, Instant now) {
        ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.put("chatId", pathChatId);
        node.put("userId", pathUserId);
        MemberLeft l = decode(node, "MemberLeft", MemberLeft.class,
                Map.of("chatId", "path.chatId", "userId", "path.userId"), "", new ArrayList<>());
        MemberLeft stamped = new MemberLeft(l.chatId(), l.userId(), now, null);
        return new Accepted(List.of(chatEvent(stamped)), new MembershipAccepted(l.chatId(), l.userId(), now));
    }

    public Accepted message(String pathChatId, JsonNode body, Instant now) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode node = object(body, "", problems);
        unknownFields(node, MESSAGE_FIELDS, "", problems);
        node.put("chatId", pathChatId);
        MessageSent m = decode(node, "MessageSent", MessageSent.class, Map.of("chatId", "path.chatId"), "", problems);
        return new Accepted(List.of(message(stamp(m, now), IsoInstants.bytes(now))), new MessageAccepted(m.messageId(), m.chatId(), now));
    }

    public Accepted receipt(String pathChatId, JsonNode body, Instant now) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode node = object(body, "", problems);
        unknownFields(node, RECEIPT_FIELDS, "", problems);
        node.put("chatId", pathChatId);
        ReceiptSubmitted r = decode(node, "ReceiptSubmitted", ReceiptSubmitted.class, Map.of("chatId", "path.chatId"), "", problems);
        ReceiptSubmitted stamped = new ReceiptSubmitted(r.chatId(), r.userId(), r.kind(), r.upToSeq(), now);
        byte[] value = receipts.valueSerde().serializer().serialize(receipts.name(), stamped);
        return new Accepted(List.of(new Outgoing(receipts.name(), r.chatId().toString(), value)),
                new ReceiptAccepted(r.chatId(), r.userId(), r.kind().wireName(), r.upToSeq(), now));
    }

    /**
     * A batch is all or nothing at validation: one bad item rejects the request (400 naming every bad field of every
     * item, as {@code messages[i].field}), so nothing is published for a rejected request.
     */
    public Accepted batch(JsonNode body, Instant now) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode node = object(body, "", problems);
        unknownFields(node, BATCH_FIELDS, "", problems);
        JsonNode items = node.get("messages");
        if (items == null || items.isNull()) {
            problems.add(new Problem("messages", "missing"));
        } else if (!items.isArray()) {
            problems.add(new Problem("messages", "must be an array of messages, was " + JsonText.kind(items)));
        } else if (items.isEmpty()) {
            problems.add(new Problem("messages", "must hold at least one message"));
        } else if (items.size() > maxBatchItems) {
            problems.add(new Problem("messages", items.size() + " items, over the limit of " + maxBatchItems));
            throw new ApiProblem(400, "batch_too_large", "Batch too large", "a batch carries at most " + maxBatchItems
                    + " messages; split it", problems, Map.of());
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidFields(problems);
        }
        List<MessageSent> valid = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String prefix = "messages[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problems.add(new Problem(prefix, "must be a JSON object, was " + JsonText.kind(item)));
                continue;
            }
            ObjectNode itemNode = (ObjectNode) item;
            int before = problems.size();
            unknownFields(itemNode, BATCH_ITEM_FIELDS, prefix + ".", problems);
            MessageSent m = decodeItem(itemNode, prefix + ".", problems);
            if (m != null && problems.size() == before) {
                valid.add(m);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidFields(problems);
        }
        return batch(valid, now);
    }

    /**
     * A batch whose items were already read and validated by the batch rules (as {@link StreamingBatchReader} does):
     * stamps and encodes them, in order.
     */
    public Accepted batch(List<MessageSent> items, Instant now) {
        List<Outgoing> records = new ArrayList<>(items.size());
        List<MessageAccepted> results = new ArrayList<>(items.size());
        byte[] acceptedAt = IsoInstants.bytes(now);
        for (MessageSent m : items) {
            records.add(message(stamp(m, now), acceptedAt));
            results.add(new MessageAccepted(m.messageId(), m.chatId(), now));
        }
        return new Accepted(records, new BatchAccepted(results.size(), results));
    }

    private MessageSent decodeItem(ObjectNode node, String prefix, List<Problem> problems) {
        node.put("type", "MessageSent");
        node.put("v", CourierEvent.SCHEMA_VERSION);
        Decoded<MessageSent> decoded = codec.decodeTree(node, MessageSent.class);
        if (decoded instanceof Decoded.Invalid<MessageSent> invalid) {
            for (Problem p : invalid.problems()) {
                problems.add(new Problem(prefix + p.field(), p.message()));
            }
            return null;
        }
        return ((Decoded.Valid<MessageSent>) decoded).event();
    }

    private static MessageSent stamp(MessageSent m, Instant now) {
        return new MessageSent(m.chatId(), m.messageId(), m.senderId(), m.clientMessageId(), m.content(), m.sentAt(), now, null);
    }

    private Outgoing message(MessageSent m, byte[] acceptedAt) {
        return new Outgoing(chatEvents.name(), m.chatId().toString(), MessageSentWriter.encode(m, acceptedAt));
    }

    private Outgoing chatEvent(dev.courier.events.ChatEvent event) {
        byte[] value = chatEvents.valueSerde().serializer().serialize(chatEvents.name(), event);
        return new Outgoing(chatEvents.name(), event.chatId().toString(), value);
    }

    /**
     * Reads the reshaped body with the events codec; throws 400 with {@code problems} plus the codec's (renamed to
     * their HTTP names) if there are any.
     */
    private <T extends CourierEvent> T decode(ObjectNode node, String type, Class<T> cls, Map<String, String> httpNames,
                                              String prefix, List<Problem> problems) {
        node.put("type", type);
        node.put("v", CourierEvent.SCHEMA_VERSION);
        Decoded<T> decoded = codec.decodeTree(node, cls);
        if (decoded instanceof Decoded.Invalid<T> invalid) {
            for (Problem p : invalid.problems()) {
                problems.add(new Problem(prefix + rename(p.field(), httpNames), p.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidFields(problems);
        }
        return ((Decoded.Valid<T>) decoded).event();
    }

    /** {@code chatType} → {@code type}, also for nested paths such as {@code chatType[0]} (not that there are any). */
    private static String rename(String field, Map<String, String> httpNames) {
        for (Map.Entry<String, String> e : httpNames.entrySet()) {
            if (field.equals(e.getKey()) || field.startsWith(e.getKey() + "[") || field.startsWith(e.getKey() + ".")) {
                return e.getValue() + field.substring(e.getKey().length());
            }
        }
        return field;
    }

    private static ObjectNode object(JsonNode body, String field, List<Problem> problems) {
        if (body instanceof ObjectNode o) {
            return o;
        }
        throw ApiProblem.invalidFields(List.of(new Problem(field.isEmpty() ? "body" : field,
                "must be a JSON object, was " + JsonText.kind(body))));
    }

    private static void unknownFields(ObjectNode node, Set<String> allowed, String prefix, List<Problem> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                problems.add(new Problem(prefix + JsonText.abbreviate(name), "unknown field; allowed: " + Names.sorted(allowed)));
            }
        }
    }
}
