package dev.courier.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns events into JSON bytes and back. Encoding writes {@code type} and {@code v} first, then the record's fields
 * (nulls left out). Decoding never throws: it checks the envelope, then reads every field of the named type and
 * reports each bad one (see {@link Decoded.Invalid}).
 */
public final class EventCodec {

    private static final Map<String, Class<? extends CourierEvent>> TYPES = Map.of(
            "ChatCreated", ChatCreated.class,
            "MemberJoined", MemberJoined.class,
            "MemberLeft", MemberLeft.class,
            "MessageSent", MessageSent.class,
            "ReceiptSubmitted", ReceiptSubmitted.class,
            "ReceiptAdvanced", ReceiptAdvanced.class,
            "Delivery", Delivery.class,
            "UnreadChanged", UnreadChanged.class,
            "Rejected", Rejected.class);

    private final EventLimits limits;
    private final ObjectMapper mapper;
    private final Map<String, Function<FieldReader, CourierEvent>> readers;
    private final MessageSentReader messageSentReader;

    public EventCodec(EventLimits limits) {
        this.limits = limits;
        this.messageSentReader = new MessageSentReader(limits);
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addMixIn(CourierEvent.class, WireFormat.EventMixin.class)
                .addMixIn(ChatType.class, WireFormat.WireNameMixin.class)
                .addMixIn(ReceiptKind.class, WireFormat.WireNameMixin.class)
                .addMixIn(RejectReason.class, WireFormat.WireNameMixin.class)
                .build();
        this.readers = Map.of(
                "ChatCreated", this::chatCreated,
                "MemberJoined", r -> new MemberJoined(r.uuid("chatId"), r.uuid("userId"),
                        r.optionalInstant("acceptedAt"), r.optionalLongAtLeast("seq", 1)),
                "MemberLeft", r -> new MemberLeft(r.uuid("chatId"), r.uuid("userId"),
                        r.optionalInstant("acceptedAt"), r.optionalLongAtLeast("seq", 1)),
                "MessageSent", this::messageSent,
                "ReceiptSubmitted", r -> new ReceiptSubmitted(r.uuid("chatId"), r.uuid("userId"),
                        r.enumValue("kind", ReceiptKind.class), orZero(r.longAtLeast("upToSeq", 1)),
                        r.optionalInstant("at")),
                "ReceiptAdvanced", r -> new ReceiptAdvanced(r.uuid("chatId"), r.uuid("userId"),
                        r.enumValue("kind", ReceiptKind.class), orZero(r.longAtLeast("upToSeq", 1)),
                        orZero(r.longAtLeast("previousSeq", 0)), r.instant("at")),
                "Delivery", r -> new Delivery(r.uuid("userId"), r.uuid("chatId"), orZero(r.longAtLeast("seq", 1)),
                        r.uuid("messageId"), r.uuid("senderId")),
                "UnreadChanged", r -> new UnreadChanged(r.uuid("userId"), r.uuid("chatId"),
                        orZero(r.longAtLeast("unread", 0)), orZero(r.longAtLeast("lastReadSeq", 0)),
                        orZero(r.longAtLeast("latestSeq", 0)), orZero(r.longAtLeast("version", 0)), r.instant("at")),
                "Rejected", r -> new Rejected(r.optionalText("key", Integer.MAX_VALUE),
                        r.enumValue("reason", RejectReason.class), r.text("detail", Integer.MAX_VALUE, true),
                        r.text("sourceTopic", 249, false), (int) orZero(r.longAtLeast("sourcePartition", -1)),
                        orZero(r.longAtLeast("sourceOffset", -1)), r.optionalText("rawValue", Integer.MAX_VALUE),
                        r.instant("at")));
    }

    public EventLimits limits() {
        return limits;
    }

    /** The JSON bytes of an event. */
    public byte[] encode(CourierEvent event) {
        if (event instanceof MessageSent m && MessageSentWriter.canEncode(m)) {
            return MessageSentWriter.encode(m);
        }
        byte[] hot = HotEventWriter.encode(event);
        return hot != null ? hot : encodeReflectively(event);
    }

    /** Jackson's encoding of any event: the reference the hand-written writers are tested against. */
    byte[] encodeReflectively(CourierEvent event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            // Records of plain fields always serialize; reaching this is a bug in the event types.
            throw new IllegalStateException("cannot encode " + event.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Reads one value that must be of {@code expected} type (or one of its subtypes). Never throws. */
    public <T extends CourierEvent> Decoded<T> decode(byte[] value, Class<T> expected) {
        if (value != null && expected.isAssignableFrom(MessageSent.class)) {
            MessageSent m = messageSentReader.read(value);
            if (m != null) {
                return new Decoded.Valid<>(expected.cast(m));
            }
        }
        return decodeThroughTree(value, expected);
    }

    /** The full decoder behind {@link #decode}: the reference {@link MessageSentReader} is tested against. */
    <T extends CourierEvent> Decoded<T> decodeThroughTree(byte[] value, Class<T> expected) {
        if (value == null) {
            return invalid(RejectReason.MALFORMED, "", "value is null (a tombstone?)", null);
        }
        // The raw text is only needed to report an invalid value: a valid one is not copied into a String.
        Supplier<String> raw = () -> new String(value, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = mapper.readTree(value);
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                    ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() : "";
            String what = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return invalid(RejectReason.MALFORMED, "", "not valid JSON" + where + ": " + firstLine(what), raw.get());
        }
        if (node == null || node.isMissingNode()) {
            return invalid(RejectReason.MALFORMED, "", "empty value, expected a JSON object", raw.get());
        }
        return decodeNode(node, expected, raw);
    }

    /**
     * Reads one already-parsed value that must be of {@code expected} type, with the same checks as
     * {@link #decode(byte[], Class)}; for callers that parse JSON themselves (ingest's HTTP bodies). Never throws;
     * an {@link Decoded.Invalid}'s raw text is the node re-serialized.
     */
    public <T extends CourierEvent> Decoded<T> decodeTree(JsonNode node, Class<T> expected) {
        if (node == null || node.isMissingNode()) {
            return invalid(RejectReason.MALFORMED, "", "empty value, expected a JSON object", null);
        }
        return decodeNode(node, expected, node::toString);
    }

    /** {@code raw} is only asked for when the value is invalid: re-serializing a valid tree would be wasted work. */
    private <T extends CourierEvent> Decoded<T> decodeNode(JsonNode node, Class<T> expected, Supplier<String> raw) {
        if (!node.isObject()) {
            return invalid(RejectReason.MALFORMED, "", "must be a JSON object, was " + JsonText.kind(node), raw.get());
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return invalid(RejectReason.INVALID, "type", type == null ? "missing" : "must be a string, was " + JsonText.kind(type), raw.get());
        }
        Class<? extends CourierEvent> cls = TYPES.get(type.textValue());
        if (cls == null || !expected.isAssignableFrom(cls)) {
            return invalid(RejectReason.UNKNOWN_TYPE, "type", "'" + JsonText.abbreviate(type.textValue()) + "' is not "
                    + (cls == null ? "a Courier event type" : "allowed here") + "; expected one of " + typesOf(expected), raw.get());
        }
        JsonNode v = node.get("v");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            return invalid(RejectReason.INVALID, "v", v == null ? "missing (the schema version, " + CourierEvent.SCHEMA_VERSION + ")"
                    : "must be a positive integer, was " + v, raw.get());
        }
        if (v.intValue() > CourierEvent.SCHEMA_VERSION) {
            return invalid(RejectReason.UNSUPPORTED_VERSION, "v", "version " + v.intValue()
                    + " is newer than this build reads (at most " + CourierEvent.SCHEMA_VERSION + ")", raw.get());
        }
        FieldReader reader = new FieldReader(node);
        CourierEvent event = readers.get(type.textValue()).apply(reader);
        if (!reader.problems().isEmpty()) {
            return new Decoded.Invalid<>(RejectReason.INVALID, reader.problems(), raw.get());
        }
        return new Decoded.Valid<>(expected.cast(event));
    }

    private ChatCreated chatCreated(FieldReader r) {
        UUID chatId = r.uuid("chatId");
        ChatType chatType = r.enumValue("chatType", ChatType.class);
        String title = r.optionalStoredText("title", EventLimits.MAX_TITLE_LENGTH);
        UUID createdBy = r.uuid("createdBy");
        List<UUID> members = r.uuidList("members", EventLimits.MAX_MEMBERS);
        if (members != null) {
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < members.size(); i++) {
                if (!seen.add(members.get(i))) {
                    r.problem("members[" + i + "]", "duplicate of an earlier member");
                }
            }
            if (createdBy != null) {
                seen.add(createdBy);
            }
            if (chatType == ChatType.DIRECT && seen.size() != 2) {
                r.problem("members", "a direct chat has exactly two participants (createdBy and one other), got " + seen.size());
            }
        }
        return new ChatCreated(chatId, chatType, title, createdBy, members == null ? List.of() : members,
                r.optionalInstant("acceptedAt"), r.optionalLongAtLeast("seq", 1));
    }

    private MessageSent messageSent(FieldReader r) {
        UUID chatId = r.uuid("chatId");
        UUID messageId = r.optionalUuid("messageId");
        UUID senderId = r.uuid("senderId");
        String clientMessageId = r.storedText("clientMessageId", EventLimits.MAX_CLIENT_MESSAGE_ID_LENGTH, false);
        String content = r.content("content", limits.maxContentBytes());
        Long seq = r.optionalLongAtLeast("seq", 1);
        if (chatId != null && senderId != null && clientMessageId != null) {
            UUID derived = MessageIds.derive(chatId, senderId, clientMessageId);
            // An input (no seq yet) must carry the derived id or none. A sequenced event keeps the id it was
            // sequenced with: chat-log is kept forever, and a rebuild must read what older versions wrote.
            if (messageId == null) {
                messageId = derived;
            } else if (seq == null && !messageId.equals(derived)) {
                r.problem("messageId", "must be the UUIDv5 of chatId, senderId and clientMessageId (" + derived
                        + ") or left out");
            }
        }
        return new MessageSent(chatId, messageId, senderId, clientMessageId, content, r.optionalInstant("sentAt"),
                r.optionalInstant("acceptedAt"), seq);
    }

    private static <T extends CourierEvent> String typesOf(Class<T> expected) {
        return TYPES.entrySet().stream().filter(e -> expected.isAssignableFrom(e.getValue())).map(Map.Entry::getKey)
                .sorted().collect(Collectors.joining("|"));
    }

    private static <T extends CourierEvent> Decoded<T> invalid(RejectReason reason, String field, String message, String raw) {
        return new Decoded.Invalid<>(reason, List.of(new Problem(field, message)), raw);
    }

    private static long orZero(Long l) {
        return l == null ? 0 : l;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
