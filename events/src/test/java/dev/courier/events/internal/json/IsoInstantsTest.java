package dev.courier.events.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link IsoInstants} reads and writes exactly what {@code Instant.parse} and {@code toString()} do, or declines. */
class IsoInstantsTest {

    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

    @Property(tries = 20000)
    @Label("an instant's bytes are its toString() (years 0..9999, at any position), else -1; put() writes any year")
    void write(@ForAll("instants") Instant t) {
        byte[] out = new byte[IsoInstants.MAX_WRITTEN + 3];
        int end = IsoInstants.write(t, out, 3);
        if (t.isBefore(YEAR_0) || !t.isBefore(YEAR_10000)) {
            assertThat(end).isEqualTo(-1);
        } else {
            assertThat(new String(out, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(t.toString());
        }
        byte[] any = new byte[64];
        assertThat(new String(any, 0, IsoInstants.put(any, 0, t), StandardCharsets.US_ASCII)).isEqualTo(t.toString());
    }

    @Example
    @Label("the edges: year 0 and 9999, whole seconds, millis, micros, nanos, a zero second")
    void edges() {
        for (String s : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
                "2025-01-01T00:01:00Z", "2025-01-01T00:01:59.003Z", "2026-11-23T06:36:43.145242Z",
                "2024-02-29T12:00:00.000000001Z", "1969-12-31T23:59:59.100Z", "2000-03-01T00:00:00.010Z"}) {
            Instant t = Instant.parse(s);
            byte[] out = new byte[IsoInstants.MAX_WRITTEN];
            int n = IsoInstants.write(t, out, 0);
            assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo(t.toString());
            assertThat(IsoInstants.parseCommon(s)).isEqualTo(t);
        }
        assertThat(IsoInstants.write(Instant.parse("+10000-01-01T00:00:00Z"), new byte[IsoInstants.MAX_WRITTEN], 0)).isEqualTo(-1);
        assertThat(IsoInstants.write(Instant.parse("-0001-12-31T23:59:59Z"), new byte[IsoInstants.MAX_WRITTEN], 0)).isEqualTo(-1);
        assertThat(IsoInstants.parseCommon("2025-01-01t00:00:00Z")).isNull(); // parse takes it; left to parse
        assertThat(IsoInstants.parseCommon("2025-02-30T00:00:00Z")).isNull();
    }

    @Property(tries = 5000)
    @Label("an instant text in the common shape reads as Instant.parse reads it; anything else is declined")
    void parse(@ForAll("instantTexts") String s) {
        Instant fast = IsoInstants.parseCommon(s);
        if (fast != null) {
            assertThat(fast).isEqualTo(Instant.parse(s));
        }
    }

    @Property(tries = 3000)
    @Label("every Instant.toString of years 0-9999 is read by the fast path")
    void parseToString(@ForAll("instants") Instant t) {
        if (!t.isBefore(YEAR_0) && t.isBefore(YEAR_10000)) {
            assertThat(IsoInstants.parseCommon(t.toString())).isEqualTo(t);
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        // Mostly years 0..9999, some beyond; nanos whole, in millis, in micros or arbitrary (each rounding path).
        Arbitrary<Long> seconds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(-62_167_219_200L, 253_402_300_799L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(-62_167_219_300L, -62_167_219_100L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(253_402_300_700L, 253_402_300_900L)));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<String> instantTexts() {
        // Valid texts with one character replaced, removed or inserted.
        Arbitrary<String> valid = instants().map(Instant::toString);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 29),
                Arbitraries.of('0', '1', '2', '3', '5', '9', '-', ':', '.', 'T', 'Z', 't', 'z', '+', ' ', 'x', '6'),
                Arbitraries.integers().between(0, 3)).as((s, at, c, how) -> switch (how) {
                    case 0 -> s;
                    case 1 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
                    case 2 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
                    default -> at < s.length() ? s.substring(0, at) + c + s.substring(at) : c + s;
                });
    }
}
