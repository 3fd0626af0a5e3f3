package dev.courier.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link AsciiText} writes exactly what {@code toString()} does, or declines (-1) and the caller uses toString(). */
class AsciiTextTest {

    private static final Instant YEAR_0 = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

    @Property(tries = 20000)
    @Label("an instant's bytes are its toString() (years 0..9999), else -1")
    void instant(@ForAll("instants") Instant t) {
        byte[] out = new byte[AsciiText.MAX_LENGTH];
        int n = AsciiText.instant(t, out);
        if (t.isBefore(YEAR_0) || !t.isBefore(YEAR_10000)) {
            assertThat(n).isEqualTo(-1);
        } else {
            assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo(t.toString());
        }
    }

    @Example
    @Label("the edges: year 0 and 9999, whole seconds, millis, micros, nanos, a zero second")
    void edges() {
        for (String s : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
                "2025-01-01T00:01:00Z", "2025-01-01T00:01:59.003Z", "2026-11-23T06:36:43.145242Z",
                "2024-02-29T12:00:00.000000001Z", "1969-12-31T23:59:59.100Z", "2000-03-01T00:00:00.010Z"}) {
            Instant t = Instant.parse(s);
            byte[] out = new byte[AsciiText.MAX_LENGTH];
            int n = AsciiText.instant(t, out);
            assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo(t.toString());
        }
        assertThat(AsciiText.instant(Instant.parse("+10000-01-01T00:00:00Z"), new byte[AsciiText.MAX_LENGTH])).isEqualTo(-1);
        assertThat(AsciiText.instant(Instant.parse("-0001-12-31T23:59:59Z"), new byte[AsciiText.MAX_LENGTH])).isEqualTo(-1);
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
}
