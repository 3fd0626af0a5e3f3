package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of bad inputs and the precise error each must produce. */
class EventCodecMalformedTest {

    private static final String CHAT = "0b0e9a52-1a53-4c0e-9a43-6f2d7a1c9e01";
    private static final String ALICE = "5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b";
    private static final String OK_MESSAGE_FIELDS = "\"chatId\":\"" + CHAT + "\",\"senderId\":\"" + ALICE
            + "\",\"clientMessageId\":\"c-1\"";

    private final EventCodec codec = new EventCodec(new EventLimits(16));

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("not JSON at all", "hello", RejectReason.MALFORMED, "not valid JSON at line 1, column"),
                bad("truncated JSON", "{\"type\":\"MessageSent\",", RejectReason.MALFORMED, "not valid JSON"),
                bad("trailing garbage", "{\"type\":\"MessageSent\"} x", RejectReason.MALFORMED, "not valid JSON"),
                bad("empty value", "", RejectReason.MALFORMED, "empty value, expected a JSON object"),
                bad("a JSON array", "[1,2]", RejectReason.MALFORMED, "must be a JSON object, was an array"),
                bad("no type", "{\"v\":1}", RejectReason.INVALID, "type: missing"),
                bad("unknown type", "{\"type\":\"Nope\",\"v\":1}", RejectReason.UNKNOWN_TYPE,
                        "type: 'Nope' is not a Courier event type; expected one of ChatCreated|MemberJoined|MemberLeft|MessageSent"),
                bad("type of another topic", "{\"type\":\"ReceiptSubmitted\",\"v\":1}", RejectReason.UNKNOWN_TYPE,
                        "type: 'ReceiptSubmitted' is not allowed here"),
                bad("missing version", "{\"type\":\"MessageSent\"," + OK_MESSAGE_FIELDS + ",\"content\":\"hi\"}",
                        RejectReason.INVALID, "v: missing"),
                bad("future version", "{\"type\":\"MessageSent\",\"v\":2," + OK_MESSAGE_FIELDS + ",\"content\":\"hi\"}",
                        RejectReason.UNSUPPORTED_VERSION, "v: version 2 is newer than this build reads (at most 1)"),
                bad("missing chat id", "{\"type\":\"MessageSent\",\"v\":1,\"senderId\":\"" + ALICE
                        + "\",\"clientMessageId\":\"c\",\"content\":\"hi\"}", RejectReason.INVALID, "chatId: missing"),
                bad("non-UUID chat id", "{\"type\":\"MemberJoined\",\"v\":1,\"chatId\":\"chat-1\",\"userId\":\"" + ALICE + "\"}",
                        RejectReason.INVALID, "chatId: not a UUID: 'chat-1'"),
                bad("short-form UUID", "{\"type\":\"MemberJoined\",\"v\":1,\"chatId\":\"1-2-3-4-5\",\"userId\":\"" + ALICE + "\"}",
                        RejectReason.INVALID, "chatId: not a UUID: '1-2-3-4-5'"),
                bad("number as id", "{\"type\":\"MemberLeft\",\"v\":1,\"chatId\":42,\"userId\":\"" + ALICE + "\"}",
                        RejectReason.INVALID, "chatId: must be a UUID string, was a number"),
                bad("content over the limit", "{\"type\":\"MessageSent\",\"v\":1," + OK_MESSAGE_FIELDS
                        + ",\"content\":\"ééééééééé\"}", RejectReason.INVALID, "content: 18 bytes, over the 16-byte limit"),
                bad("NUL in content", "{\"type\":\"MessageSent\",\"v\":1," + OK_MESSAGE_FIELDS + ",\"content\":\"a\\u0000b\"}",
                        RejectReason.INVALID, "content: contains a NUL character"),
                bad("empty content", "{\"type\":\"MessageSent\",\"v\":1," + OK_MESSAGE_FIELDS + ",\"content\":\"  \"}",
                        RejectReason.INVALID, "content: must not be empty"),
                bad("wrong message id", "{\"type\":\"MessageSent\",\"v\":1," + OK_MESSAGE_FIELDS
                        + ",\"messageId\":\"" + CHAT + "\",\"content\":\"hi\"}", RejectReason.INVALID,
                        "messageId: must be the UUIDv5 of chatId, senderId and clientMessageId"),
                bad("bad time", "{\"type\":\"MessageSent\",\"v\":1," + OK_MESSAGE_FIELDS
                        + ",\"content\":\"hi\",\"sentAt\":\"yesterday\"}", RejectReason.INVALID, "sentAt: not an ISO-8601 UTC time"),
                bad("a time past year 9999 (PostgreSQL would refuse it after it took a seq)", "{\"type\":\"MessageSent\",\"v\":1,"
                        + OK_MESSAGE_FIELDS + ",\"content\":\"hi\",\"sentAt\":\"+100000-01-01T00:00:00Z\"}", RejectReason.INVALID,
                        "sentAt: must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z (years 1 to 9999), was '+100000-01-01T00:00:00Z'"),
                bad("a time before year 1", "{\"type\":\"MemberJoined\",\"v\":1,\"chatId\":\"" + CHAT + "\",\"userId\":\"" + ALICE
                        + "\",\"acceptedAt\":\"0000-12-31T23:59:59Z\"}", RejectReason.INVALID, "acceptedAt: must be between"),
                bad("bad chat type", "{\"type\":\"ChatCreated\",\"v\":1,\"chatId\":\"" + CHAT + "\",\"chatType\":\"channel\",\"createdBy\":\""
                        + ALICE + "\",\"members\":[]}", RejectReason.INVALID, "chatType: must be one of direct|group, was 'channel'"),
                bad("direct chat with three people", "{\"type\":\"ChatCreated\",\"v\":1,\"chatId\":\"" + CHAT
                        + "\",\"chatType\":\"direct\",\"createdBy\":\"" + ALICE + "\",\"members\":[\"" + CHAT + "\",\"6b2e1d4f-3c5e-4f70-9bac-1d2e3f4a5b6c\"]}",
                        RejectReason.INVALID, "members: a direct chat has exactly two participants"),
                bad("bad member in list", "{\"type\":\"ChatCreated\",\"v\":1,\"chatId\":\"" + CHAT + "\",\"chatType\":\"group\",\"createdBy\":\""
                        + ALICE + "\",\"members\":[\"" + ALICE + "\",\"x\"]}", RejectReason.INVALID, "members[1]: not a UUID: 'x'"),
                bad("zero seq", "{\"type\":\"MemberJoined\",\"v\":1,\"chatId\":\"" + CHAT + "\",\"userId\":\"" + ALICE + "\",\"seq\":0}",
                        RejectReason.INVALID, "seq: must be at least 1, was 0"));
    }

    private static Arguments bad(String name, String json, RejectReason reason, String detailContains) {
        return Arguments.of(name, json, reason, detailContains);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    @DisplayName("a bad chat-events.in value yields a precise error value, never an exception")
    void rejects(String name, String json, RejectReason reason, String detailContains) {
        Decoded<ChatEvent> decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8), ChatEvent.class);

        Decoded.Invalid<?> invalid = invalid(decoded);
        assertThat(invalid.reason()).isEqualTo(reason);
        assertThat(invalid.detail()).contains(detailContains);
        assertThat(invalid.raw()).isEqualTo(json);
    }

    @Test
    @DisplayName("a body in a profile's names is read by the same rules, and its problems carry the profile's names")
    void profileNames() throws Exception {
        String body = "{\"type\":\"channel\",\"createdBy\":\"" + ALICE + "\",\"members\":[\"x\"],\"extra\":1}";
        EventCodec.FieldProfile profile = EventCodec.FieldProfile.allowing("type", "createdBy", "members")
                .renaming("type", "chatType").giving("chatId", "path.chatId", "chat-1");
        java.util.List<Problem> problems = new java.util.ArrayList<>();

        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(body)) {
            p.nextToken();
            assertThat(codec.read(p, ChatCreated.class, profile, problems)).isNull();
        }

        assertThat(problems).containsExactly(
                new Problem("extra", "unknown field; allowed: createdBy, members, type"),
                new Problem("path.chatId", "not a UUID: 'chat-1'"),
                new Problem("type", "must be one of direct|group, was 'channel'"),
                new Problem("members[0]", "not a UUID: 'x'"));
    }

    @Test
    @DisplayName("every bad field is named, not just the first")
    void namesEveryBadField() {
        String json = "{\"type\":\"ReceiptSubmitted\",\"v\":1,\"chatId\":\"x\",\"kind\":\"seen\",\"upToSeq\":-3}";

        Decoded<ReceiptSubmitted> decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8), ReceiptSubmitted.class);

        assertThat(invalid(decoded).problems()).extracting(Problem::field)
                .containsExactly("chatId", "userId", "kind", "upToSeq");
    }

    @Test
    @DisplayName("a null value (tombstone) and invalid UTF-8 are errors too")
    void nullAndBinary() {
        assertThat(invalid(codec.decode(null, ChatEvent.class)).reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(invalid(codec.decode(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, ChatEvent.class)).reason())
                .isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    @DisplayName("the strict serde throws a SerializationException carrying the precise error; the decoding serde never throws")
    void serdes() {
        Topics topics = new Topics("t.", codec);
        byte[] garbage = "{".getBytes(StandardCharsets.UTF_8);

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        topics.chatLog().valueSerde().deserializer().deserialize(topics.chatLog().name(), garbage))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("invalid value on t.chat-log (malformed): not valid JSON");
        assertThat(topics.chatEventsIn().decodedSerde().deserializer().deserialize("t.chat-events.in", garbage))
                .isInstanceOf(Decoded.Invalid.class);
    }

    private static Decoded.Invalid<?> invalid(Decoded<?> decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        return (Decoded.Invalid<?>) decoded;
    }
}
