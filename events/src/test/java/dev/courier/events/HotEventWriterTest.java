package dev.courier.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The hand-written encodings are byte for byte Jackson's, and decode back to the same event. */
class HotEventWriterTest {

    private final EventCodec codec = new EventCodec(EventLimits.defaults());

    @Property(tries = 3000)
    @Label("a Delivery is encoded exactly as the reflective path encodes it")
    void delivery(@ForAll("uuids") UUID user, @ForAll("uuids") UUID chat, @ForAll @LongRange(min = 1) long seq,
                  @ForAll("uuids") UUID message, @ForAll("uuids") UUID sender) {
        Delivery d = new Delivery(user, chat, seq, message, sender);
        assertThat(new String(codec.encode(d))).isEqualTo(new String(codec.encodeReflectively(d)));
        assertThat(codec.decode(codec.encode(d), CourierEvent.class)).isEqualTo(new Decoded.Valid<>(d));
    }

    @Property(tries = 3000)
    @Label("an UnreadChanged is encoded exactly as the reflective path encodes it, whatever the instant's precision")
    void unreadChanged(@ForAll("uuids") UUID user, @ForAll("uuids") UUID chat, @ForAll @LongRange(min = 0) long unread,
                       @ForAll @LongRange(min = 0) long lastRead, @ForAll @LongRange(min = 0) long latest,
                       @ForAll @LongRange(min = 0) long version, @ForAll("instants") Instant at) {
        UnreadChanged u = new UnreadChanged(user, chat, unread, lastRead, latest, version, at);
        assertThat(new String(codec.encode(u))).isEqualTo(new String(codec.encodeReflectively(u)));
        assertThat(codec.decode(codec.encode(u), CourierEvent.class)).isEqualTo(new Decoded.Valid<>(u));
        UnreadChanged noTime = new UnreadChanged(user, chat, unread, lastRead, latest, version, null);
        assertThat(new String(codec.encode(noTime))).isEqualTo(new String(codec.encodeReflectively(noTime)));
    }

    @Property(tries = 3000)
    @Label("a ReceiptAdvanced is encoded exactly as the reflective path encodes it, whatever the instant's precision")
    void receiptAdvanced(@ForAll("uuids") UUID chat, @ForAll("uuids") UUID user, @ForAll ReceiptKind kind,
                         @ForAll @LongRange(min = 1) long upTo, @ForAll @LongRange(min = 0) long previous,
                         @ForAll("instants") Instant at) {
        ReceiptAdvanced r = new ReceiptAdvanced(chat, user, kind, upTo, previous, at);
        assertThat(new String(codec.encode(r))).isEqualTo(new String(codec.encodeReflectively(r)));
        assertThat(codec.decode(codec.encode(r), CourierEvent.class)).isEqualTo(new Decoded.Valid<>(r));
        ReceiptAdvanced noTime = new ReceiptAdvanced(chat, user, kind, upTo, previous, null);
        assertThat(new String(codec.encode(noTime))).isEqualTo(new String(codec.encodeReflectively(noTime)));
    }

    @Property(tries = 500)
    @Label("events with a missing id take the reflective path, which leaves the field out")
    void missingIds(@ForAll("uuids") UUID id, @ForAll @LongRange(min = 0) long n) {
        for (CourierEvent e : new CourierEvent[] {new Delivery(null, id, n + 1, id, id), new Delivery(id, id, n + 1, id, null),
                new UnreadChanged(id, null, n, n, n, n, null), new ReceiptAdvanced(id, null, ReceiptKind.READ, n + 1, n, null),
                new ReceiptAdvanced(id, id, null, n + 1, n, null)}) {
            assertThat(new String(codec.encode(e))).isEqualTo(new String(codec.encodeReflectively(e)));
        }
    }

    @Provide
    Arbitrary<UUID> uuids() {
        return Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()));
    }

    @Provide
    Arbitrary<Instant> instants() {
        // Whole seconds, millis, micros and nanos: Instant.toString drops trailing zero groups, as ISO_INSTANT does.
        Arbitrary<Long> seconds = Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L);
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(u -> u * 1_000), Arbitraries.integers().between(0, 999_999_999));
        return seconds.flatMap(s -> nanos.map(n -> Instant.ofEpochSecond(s, n)));
    }
}
