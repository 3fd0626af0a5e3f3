package dev.courier.events.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;

/** {@link AsciiBytes} writes exactly what {@code toString()} does. */
class AsciiBytesTest {

    @Property(tries = 5000)
    @Label("a UUID's bytes are its toString(), written at any position")
    void uuid(@ForAll long msb, @ForAll long lsb) {
        UUID id = new UUID(msb, lsb);
        byte[] out = new byte[40];
        int end = AsciiBytes.put(out, 3, id);
        assertThat(end).isEqualTo(39);
        assertThat(new String(out, 3, 36, StandardCharsets.US_ASCII)).isEqualTo(id.toString());
    }

    @Property(tries = 5000)
    @Label("a long's bytes are its toString(), written at any position")
    void number(@ForAll long v) {
        byte[] out = new byte[25];
        int end = AsciiBytes.put(out, 2, v);
        assertThat(new String(out, 2, end - 2, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
    }

    @Example
    @Label("the edges of long")
    void numberEdges() {
        for (long v : new long[] {0, 9, 10, -1, -10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            byte[] out = new byte[20];
            assertThat(new String(out, 0, AsciiBytes.put(out, 0, v), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
    }
}
