package dev.courier.events.internal.json;

import java.time.Instant;

/**
 * The last instant one time field wrote, formatted. Consecutive events mostly carry the same time (every message of an
 * HTTP batch its {@code acceptedAt}, every output of one worker step its {@code at}), and formatting one per event was
 * about a tenth of the batch path's profile. Shared by threads: the pair is immutable and swapped whole, so a race only formats twice.
 */
final class InstantMemo {

    private record Formatted(Instant instant, byte[] bytes) {
    }

    private volatile Formatted last;

    byte[] bytes(Instant t) {
        Formatted f = last;
        if (f == null || !f.instant.equals(t)) {
            f = new Formatted(t, IsoInstants.bytes(t));
            last = f;
        }
        return f.bytes;
    }
}
