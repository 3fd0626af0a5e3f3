package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast writer must never drift from the wire contract: byte-for-byte what the events codec writes. */
class MessageSentWriterTest {

    private final EventCodec codec = new EventCodec(EventLimits.defaults());

    @Property(tries = 2000)
    @Label("MessageSentWriter.encode equals the codec's reflective encoding for any message")
    void sameBytesAsTheCodec(@ForAll("messages") MessageSent m) {
        assertThat(new String(MessageSentWriter.encode(m, m.acceptedAt() == null ? null : IsoInstants.bytes(m.acceptedAt()))))
                .isEqualTo(new String(codec.encodeReflectively(m)));
    }

    @Example
    @Label("a message without its messageId (as written straight to Kafka) is encoded without it, as before")
    void withoutMessageId() {
        MessageSent m = new MessageSent(UUID.randomUUID(), null, UUID.randomUUID(), "c-1", "hi", null, null, null);
        assertThat(MessageSentWriter.canEncode(m)).isFalse();
        assertThat(new String(codec.encode(m))).isEqualTo(new String(codec.encodeReflectively(m)))
                .doesNotContain("messageId");
    }

    @Provide
    Arbitrary<MessageSent> messages() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMinLength(1).ofMaxLength(50),
                Arbitraries.strings().withCharRange('\u0000', '\u0fff').ofMinLength(1).ofMaxLength(50),
                Arbitraries.of("hello", "\"quoted\" \\ back", "emoji \uD83D\uDE00", "\u2028\u2029", "tab\tnew\nline",
                        "lone \uD83D", "\uDE00 low first", "\u0000\u0001\b\f\r\u001f\u007f", "\u007f\u0080\u07ff\u0800\uffff"),
                Arbitraries.strings().withCharRange('\ud700', '\ue0ff').ofMinLength(1).ofMaxLength(20));
        Arbitrary<Instant> time = Arbitraries.longs().between(-1_000_000_000_000L, 10_000_000_000_000L)
                .flatMap(ms -> Arbitraries.integers().between(0, 999_999).map(nanos -> Instant.ofEpochMilli(ms).plusNanos(nanos)))
                .injectNull(0.3);
        return net.jqwik.api.Combinators.combine(text, text, time, time, Arbitraries.longs().between(1, Long.MAX_VALUE).injectNull(0.7))
                .as((cmid, content, sentAt, acceptedAt, seq) -> {
                    UUID chat = UUID.randomUUID();
                    UUID sender = UUID.randomUUID();
                    return new MessageSent(chat, MessageIds.derive(chat, sender, cmid), sender, cmid, content,
                            sentAt, acceptedAt, seq);
                });
    }
}
