package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
 * The streaming reader never disagrees with the codec's tree path: where it answers, the tree path decodes the same
 * bytes to the same valid event; on any valid MessageSent (ingest's, the worker's, one written by hand without the
 * optional fields) it always answers.
 */
class MessageSentReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 3000)
    @Label("a complete valid MessageSent decodes to exactly the codec's event")
    void completeEvents(@ForAll("events") MessageSent m, @ForAll("limits") int maxBytes) {
        EventCodec codec = new EventCodec(new EventLimits(maxBytes));
        byte[] bytes = codec.encode(m);
        Decoded<ChatEvent> expected = codec.decodeThroughTree(bytes, ChatEvent.class);
        MessageSent fast = new MessageSentReader(codec.limits()).read(bytes);
        if (expected instanceof Decoded.Valid<ChatEvent> valid) {
            assertThat(fast).isEqualTo(valid.event());
        } else {
            assertThat(fast).isNull();
        }
    }

    @Property(tries = 5000)
    @Label("whatever is changed in the value, the fast path answers only what the codec answers")
    void mutatedEvents(@ForAll("events") MessageSent m, @ForAll("limits") int maxBytes, @ForAll("mutations") Mutation mutation) throws Exception {
        EventCodec codec = new EventCodec(new EventLimits(maxBytes));
        byte[] bytes = mutation.apply(codec.encode(m));
        MessageSent fast = new MessageSentReader(codec.limits()).read(bytes);
        if (fast != null) {
            assertThat(codec.decodeThroughTree(bytes, ChatEvent.class)).isEqualTo(new Decoded.Valid<>(fast));
        }
        assertThat(codec.decode(bytes, ChatEvent.class)).isEqualTo(codec.decodeThroughTree(bytes, ChatEvent.class));
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.of(1, 8, 40, 200, EventLimits.DEFAULT_MAX_CONTENT_BYTES);
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Instant> common = Combinators.combine(Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L),
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(i -> i * 1_000_000),
                        Arbitraries.integers().between(0, 999_999_999))).as(Instant::ofEpochSecond);
        // Times Java reads but the database cannot store: both paths must refuse them.
        Arbitrary<Instant> extreme = Arbitraries.oneOf(
                Arbitraries.of(Instant.MIN, Instant.MAX, IsoInstants.EARLIEST, IsoInstants.LATEST,
                        IsoInstants.EARLIEST.minusNanos(1), IsoInstants.LATEST.plusNanos(1), Instant.parse("+100000-01-01T00:00:00Z")),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()).map(Instant::ofEpochSecond));
        return Arbitraries.frequencyOf(Tuple.of(9, common), Tuple.of(1, extreme));
    }

    @Provide
    Arbitrary<MessageSent> events() {
        Arbitrary<UUID> ids = Arbitraries.create(UUID::randomUUID);
        Arbitrary<String> clientIds = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(140), Arbitraries.of(" ", "a\u0000b", "x".repeat(129)));
        Arbitrary<String> contents = Arbitraries.oneOf(Arbitraries.strings().alpha().withChars(' ').ofMinLength(1).ofMaxLength(60),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(80), Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of(" \t ", "é€😀", "\uD800x", "nul\u0000", "\u00e9".repeat(20)));
        Arbitrary<Long> seqs = Arbitraries.oneOf(Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.of(0L, -1L, 1L))
                .injectNull(0.2); // ingest's records carry no seq, and one written by hand may lack the times too
        return Combinators.combine(ids, ids, clientIds, contents, instants().injectNull(0.2), instants().injectNull(0.2), seqs,
                        Arbitraries.integers().between(0, 2))
                .as((chat, sender, client, content, sent, accepted, seq, idKind) -> new MessageSent(chat,
                        switch (idKind) {
                            case 0 -> MessageIds.derive(chat, sender, client);
                            case 1 -> UUID.randomUUID();
                            default -> null;
                        }, sender, client, content, sent, accepted, seq));
    }

    /** A change to the encoded value: a field removed, replaced or duplicated, an unknown field, trailing input. */
    record Mutation(int kind, String field, Object value) {

        static final List<String> FIELDS = List.of("type", "v", "chatId", "messageId", "senderId", "clientMessageId",
                "content", "sentAt", "acceptedAt", "seq", "members", "extra");

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
                case 2 -> { // the same key twice: the tree keeps the last one
                    String s = node.toString();
                    text = s.substring(0, s.length() - 1) + ",\"" + field + "\":" + JSON.writeValueAsString(value) + "}";
                }
                case 3 -> text = node.toString() + " " + value;
                default -> text = node.toString().replace("\":", "\" :"); // whitespace only: still the same event
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.of("MessageSent", "ChatCreated", "", " ", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00+01:00",
                        "2025-02-30T00:00:00Z", "1-2-3-4-5", "00000000-0000-0000-0000-00000000000g",
                        "+0000000-0000-0000-0000-000000000000", UUID.randomUUID().toString(), "a\u0000"),
                Arbitraries.of(0, 1, 2, -1, Long.MAX_VALUE, 1.0, 1.5, true),
                Arbitraries.of(List.of(), List.of("x"), java.util.Map.of("a", 1)),
                Arbitraries.just(new java.math.BigInteger("123456789012345678901234567890")),
                Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(Mutation.FIELDS), values).as(Mutation::new);
    }
}
