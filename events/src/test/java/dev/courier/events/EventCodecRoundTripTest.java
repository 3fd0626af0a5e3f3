package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecRoundTripTest {

    private static final UUID CHAT = UUID.fromString("0b0e9a52-1a53-4c0e-9a43-6f2d7a1c9e01");
    private static final UUID ALICE = UUID.fromString("5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b");
    private static final UUID BOB = UUID.fromString("6b2e1d4f-3c5e-4f70-9bac-1d2e3f4a5b6c");
    private static final Instant T = Instant.parse("2026-11-23T10:15:30.123Z");

    private final EventCodec codec = new EventCodec(EventLimits.defaults());

    static Stream<CourierEvent> everyType() {
        UUID msg = MessageIds.derive(CHAT, ALICE, "c-1");
        return Stream.of(
                new ChatCreated(CHAT, ChatType.GROUP, "Team", ALICE, List.of(ALICE, BOB), T, 1L),
                new ChatCreated(CHAT, ChatType.DIRECT, null, ALICE, List.of(BOB), null, null),
                new MemberJoined(CHAT, BOB, T, 2L),
                new MemberLeft(CHAT, BOB, T, 3L),
                new MessageSent(CHAT, msg, ALICE, "c-1", "héllo, wörld 👋", T.minusSeconds(1), T, 4L),
                new MessageSent(CHAT, msg, ALICE, "c-1", "no seq yet", null, null, null),
                new ReceiptSubmitted(CHAT, BOB, ReceiptKind.READ, 4, T),
                new ReceiptAdvanced(CHAT, BOB, ReceiptKind.DELIVERED, 4, 2, T),
                new Delivery(BOB, CHAT, 4, msg, ALICE),
                new UnreadChanged(BOB, CHAT, 3, 1, 4, 17, T),
                new Rejected("not-a-uuid", RejectReason.INVALID, "chatId: not a UUID", "courier.chat-events.in", 2, 41,
                        "{\"type\":\"MessageSent\"}", T),
                new Rejected(null, RejectReason.MALFORMED, "not valid JSON", "courier.receipts.in", 0, 7,
                        "\u0000\u0001 binary garbage", T));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyType")
    @DisplayName("every event type survives encode then decode unchanged")
    void roundTrip(CourierEvent event) {
        byte[] bytes = codec.encode(event);

        Decoded<CourierEvent> decoded = codec.decode(bytes, CourierEvent.class);

        assertThat(decoded).isEqualTo(new Decoded.Valid<>(event));
    }

    @Test
    @DisplayName("the wire form starts with type and v, uses lower-case enum names and ISO-8601 times, and leaves out nulls")
    void wireShape() {
        String json = new String(codec.encode(new ReceiptSubmitted(CHAT, BOB, ReceiptKind.READ, 4, T)), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"type\":\"ReceiptSubmitted\",\"v\":1,\"chatId\":\"" + CHAT + "\",\"userId\":\"" + BOB
                + "\",\"kind\":\"read\",\"upToSeq\":4,\"at\":\"2026-11-23T10:15:30.123Z\"}");
        assertThat(new String(codec.encode(new MemberJoined(CHAT, BOB, null, null)), StandardCharsets.UTF_8))
                .doesNotContain("seq").doesNotContain("acceptedAt");
    }

    @Test
    @DisplayName("a message produced straight to Kafka without messageId gets the same id ingest would derive")
    void derivesMessageId() {
        String json = "{\"type\":\"MessageSent\",\"v\":1,\"chatId\":\"" + CHAT + "\",\"senderId\":\"" + ALICE
                + "\",\"clientMessageId\":\"c-9\",\"content\":\"hi\",\"sentAt\":\"2026-11-23T10:00:00Z\"}";

        Decoded<ChatEvent> decoded = codec.decode(json.getBytes(StandardCharsets.UTF_8), ChatEvent.class);

        assertThat(decoded).isInstanceOf(Decoded.Valid.class);
        assertThat(((MessageSent) ((Decoded.Valid<ChatEvent>) decoded).event()).messageId())
                .isEqualTo(MessageIds.derive(CHAT, ALICE, "c-9"));
    }

    @Test
    @DisplayName("a rejection keeps at most 64 KiB of the raw input, so it always fits in a Kafka record")
    void rejectedIsBounded() {
        String huge = "x".repeat(Rejected.MAX_RAW_CHARS * 4);

        Rejected r = new Rejected(huge, RejectReason.INVALID, "too big", "t", 0, 1, huge, T);

        assertThat(r.rawValue()).hasSizeLessThan(Rejected.MAX_RAW_CHARS + 100).endsWith("[truncated: 262144 characters in all]");
        assertThat(r.key()).hasSizeLessThan(1100);
        assertThat(codec.encode(r).length).isLessThan(70_000);
    }

    @Test
    @DisplayName("message ids are deterministic UUIDv5 values that differ per chat, per sender and per client id")
    void messageIds() {
        UUID id = MessageIds.derive(CHAT, ALICE, "c-1");

        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(MessageIds.derive(CHAT, ALICE, "c-1")).isEqualTo(id);
        assertThat(MessageIds.derive(UUID.randomUUID(), ALICE, "c-1")).as("the same client id in another chat").isNotEqualTo(id);
        assertThat(MessageIds.derive(CHAT, BOB, "c-1")).isNotEqualTo(id);
        assertThat(MessageIds.derive(CHAT, ALICE, "c-2")).isNotEqualTo(id);
    }

    @Test
    @DisplayName("sequencing stamps seq, fills acceptedAt only when missing, and defaults sentAt to acceptedAt")
    void sequenced() {
        MessageSent raw = new MessageSent(CHAT, MessageIds.derive(CHAT, ALICE, "c"), ALICE, "c", "x", null, null, null);

        MessageSent s = (MessageSent) raw.sequenced(7, T);

        assertThat(s.seq()).isEqualTo(7L);
        assertThat(s.acceptedAt()).isEqualTo(T);
        assertThat(s.sentAt()).isEqualTo(T);
        assertThat(new MemberJoined(CHAT, BOB, T.minusSeconds(5), null).sequenced(2, T).acceptedAt()).isEqualTo(T.minusSeconds(5));
    }
}
