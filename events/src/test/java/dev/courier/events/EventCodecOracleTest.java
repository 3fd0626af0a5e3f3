package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.events.internal.json.IsoInstants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The codec against Jackson's reflective reading and writing of the same records ({@link JacksonOracle}): the same
 * bytes out for every event type, the same record back in, and on any change to a value a verdict, never an exception.
 */
class EventCodecOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventCodec codec = new EventCodec(EventLimits.defaults());

    @Property(tries = 3000, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    @Label("every event encodes to exactly Jackson's bytes, and both read back to the event")
    void sameBytesAsJackson(@ForAll("events") CourierEvent event) {
        byte[] bytes = codec.encode(event);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(new String(JacksonOracle.encode(event), StandardCharsets.UTF_8));
        if (valid(event)) {
            assertThat(codec.decode(bytes, CourierEvent.class)).isEqualTo(new Decoded.Valid<>(withDerivedId(event)));
        }
    }

    @Property(tries = 5000, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    @Label("whatever is changed in a value, decoding gives a verdict, and a valid one is the value's")
    void mutatedValues(@ForAll("events") CourierEvent event, @ForAll("mutations") Mutation mutation) throws Exception {
        byte[] bytes = mutation.apply(codec.encode(event));

        Decoded<CourierEvent> decoded = codec.decode(bytes, CourierEvent.class);

        if (decoded instanceof Decoded.Valid<CourierEvent> valid) {
            // Every field of the event read is the value's (a JSON tree keeps a repeated field's last value), but
            // for a message id the value left out and the codec derived.
            ObjectNode input = (ObjectNode) JSON.readTree(bytes);
            ObjectNode read = (ObjectNode) JSON.readTree(codec.encode(valid.event()));
            read.fieldNames().forEachRemaining(name -> {
                if (!(name.equals("messageId") && !input.hasNonNull(name))) {
                    assertThat(sameValue(input.get(name), read.get(name))).as(name + ": " + input.get(name)).isTrue();
                }
            });
            assertThat(codec.decode(codec.encode(valid.event()), CourierEvent.class)).isEqualTo(decoded);
        } else {
            Decoded.Invalid<CourierEvent> invalid = (Decoded.Invalid<CourierEvent>) decoded;
            assertThat(invalid.problems()).isNotEmpty();
            assertThat(invalid.raw()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Equal JSON, or the same instant written with another offset (ISO-8601 allows {@code +01:00}). */
    private static boolean sameValue(com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b) {
        if (a.equals(b)) {
            return true;
        }
        return a.isTextual() && b.isTextual() && IsoInstants.parse(a.textValue()) != null
                && IsoInstants.parse(a.textValue()).equals(IsoInstants.parse(b.textValue()));
    }

    private static CourierEvent withDerivedId(CourierEvent e) {
        return e instanceof MessageSent m && m.messageId() == null ? new MessageSent(m.chatId(),
                MessageIds.derive(m.chatId(), m.senderId(), m.clientMessageId()), m.senderId(), m.clientMessageId(),
                m.content(), m.sentAt(), m.acceptedAt(), m.seq()) : e;
    }

    /** What the codec accepts of a generated event: the generators also make events the rules refuse. */
    private static boolean valid(CourierEvent e) {
        return !(e instanceof MessageSent m) || m.seq() != null || m.messageId() == null
                || m.messageId().equals(MessageIds.derive(m.chatId(), m.senderId(), m.clientMessageId()));
    }

    @Provide
    Arbitrary<CourierEvent> events() {
        Arbitrary<UUID> ids = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
        Arbitrary<Instant> times = instants();
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<Long> counts = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<String> texts = texts();
        Arbitrary<CourierEvent> chatCreated = Combinators.combine(ids, Arbitraries.of(ChatType.GROUP),
                        texts.filter(s -> s.length() <= 256 && s.indexOf('\u0000') < 0).injectNull(0.3), ids,
                        ids.list().ofMaxSize(6).uniqueElements(), times.injectNull(0.3), seqs.injectNull(0.3))
                .as(ChatCreated::new);
        Arbitrary<CourierEvent> joined = Combinators.combine(ids, ids, times.injectNull(0.3), seqs.injectNull(0.3))
                .as(MemberJoined::new);
        Arbitrary<CourierEvent> left = Combinators.combine(ids, ids, times.injectNull(0.3), seqs.injectNull(0.3))
                .as(MemberLeft::new);
        Arbitrary<String> stored = texts.filter(s -> !s.isBlank() && s.indexOf('\u0000') < 0);
        Arbitrary<CourierEvent> message = Combinators.combine(ids, ids, stored.filter(s -> s.length() <= 128),
                        stored.filter(s -> s.getBytes(StandardCharsets.UTF_8).length <= EventLimits.DEFAULT_MAX_CONTENT_BYTES),
                        times.injectNull(0.3), times.injectNull(0.3), seqs.injectNull(0.5), Arbitraries.integers().between(0, 2))
                .as((chat, sender, client, content, sent, accepted, seq, idKind) -> new MessageSent(chat,
                        switch (idKind) {
                            case 0 -> MessageIds.derive(chat, sender, client);
                            case 1 -> UUID.randomUUID();
                            default -> null;
                        }, sender, client, content, sent, accepted, seq));
        Arbitrary<CourierEvent> submitted = Combinators.combine(ids, ids, Arbitraries.of(ReceiptKind.class), seqs, times.injectNull(0.3))
                .as(ReceiptSubmitted::new);
        Arbitrary<CourierEvent> advanced = Combinators.combine(ids, ids, Arbitraries.of(ReceiptKind.class), seqs, counts, times)
                .as(ReceiptAdvanced::new);
        Arbitrary<CourierEvent> delivery = Combinators.combine(ids, ids, seqs, ids, ids).as(Delivery::new);
        Arbitrary<CourierEvent> unread = Combinators.combine(ids, ids, counts, counts, counts, counts, times)
                .as(UnreadChanged::new);
        Arbitrary<CourierEvent> rejected = Combinators.combine(texts.injectNull(0.3), Arbitraries.of(RejectReason.class), texts,
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40), Arbitraries.integers().between(-1, 1000),
                        Arbitraries.longs().between(-1, Long.MAX_VALUE), texts.injectNull(0.3), times)
                .as(Rejected::new);
        return Arbitraries.oneOf(chatCreated, joined, left, message, message, message, submitted, advanced, delivery, unread,
                rejected);
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars(' ').ofMinLength(1).ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMinLength(1).ofMaxLength(50),
                Arbitraries.strings().withCharRange('\ud700', '\ue0ff').ofMinLength(1).ofMaxLength(20),
                Arbitraries.of("hello", "\"quoted\" \\ back", "emoji \uD83D\uDE00", "\u2028\u2029", "tab\tnew\nline", "é€😀",
                        "\uD800x", "\u007f\u0080"));
    }

    private static Arbitrary<Instant> instants() {
        // Years 1..9999, which the database stores: an event outside them is refused, which the mutations cover.
        Arbitrary<Long> seconds = Arbitraries.longs().between(IsoInstants.EARLIEST.getEpochSecond(), 253_402_300_799L);
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(u -> u * 1_000), Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    /** A change to an encoded value: a field removed, replaced or duplicated, trailing input, or whitespace. */
    record Mutation(int kind, String field, Object value) {

        static final List<String> FIELDS = List.of("type", "v", "chatId", "messageId", "senderId", "clientMessageId",
                "content", "sentAt", "acceptedAt", "seq", "members", "chatType", "userId", "kind", "upToSeq", "at",
                "unread", "reason", "sourceOffset", "extra");

        byte[] apply(byte[] encoded) throws Exception {
            ObjectNode node = (ObjectNode) JSON.readTree(encoded);
            String text;
            switch (kind) {
                case 0 -> {
                    node.remove(field);
                    text = node.toString();
                }
                case 1 -> {
                    node.set(field, JSON.valueToTree(value));
                    text = node.toString();
                }
                case 2 -> { // the same key twice: the last one counts
                    String s = node.toString();
                    text = s.substring(0, s.length() - 1) + ",\"" + field + "\":" + JSON.writeValueAsString(value) + "}";
                }
                case 3 -> text = node.toString() + " " + value;
                case 4 -> { // the type last: readers must not depend on the order writers use
                    node.remove("type");
                    node.put("type", encoded.length > 0 ? JSON.readTree(encoded).get("type").asText() : "");
                    text = node.toString();
                }
                default -> text = node.toString().replace("\":", "\" :"); // whitespace only: still the same event
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.of("MessageSent", "ChatCreated", "Delivery", "", " ", "2025-01-01T00:00:00Z",
                        "2025-01-01T00:00:00+01:00", "2025-02-30T00:00:00Z", "+100000-01-01T00:00:00Z", "1-2-3-4-5",
                        "00000000-0000-0000-0000-00000000000g", UUID.randomUUID().toString(), "a\u0000", "read", "group"),
                Arbitraries.of(0, 1, 2, -1, Long.MAX_VALUE, 1.0, 1.5, true),
                Arbitraries.of(List.of(), List.of("x"), List.of(UUID.randomUUID().toString()), Map.of("a", 1)),
                Arbitraries.just(new java.math.BigInteger("123456789012345678901234567890")),
                Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(Mutation.FIELDS), values)
                .as(Mutation::new);
    }

    @Property(tries = 200, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    @Label("a field's problem reads the same wherever the type stands in the value")
    void typeAnywhere(@ForAll("events") CourierEvent event) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(codec.encode(event));
        node.put("seq", -5);
        byte[] typeFirst = node.toString().getBytes(StandardCharsets.UTF_8);
        String type = node.remove("type").asText();
        node.put("type", type);
        byte[] typeLast = node.toString().getBytes(StandardCharsets.UTF_8);

        Decoded<CourierEvent> first = codec.decode(typeFirst, CourierEvent.class);
        Decoded<CourierEvent> last = codec.decode(typeLast, CourierEvent.class);

        assertThat(last).usingRecursiveComparison().ignoringFields("raw").isEqualTo(first);
    }
}
