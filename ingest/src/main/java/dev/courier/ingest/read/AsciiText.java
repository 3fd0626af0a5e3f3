package dev.courier.ingest.read;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants as the ASCII bytes of {@link Instant#toString()}, written into a caller's buffer: a history page has 150
 * of them (and 150 UUIDs, written by {@link dev.courier.events.AsciiBytes}), and going through
 * {@code String} and {@code DateTimeFormatter} was a tenth of the read path's CPU. Neither text needs JSON escaping,
 * so the bytes go to the generator as they are.
 */
final class AsciiText {

    /** A scratch buffer of this size holds a UUID (36) or any instant this class formats itself (at most 30). */
    static final int MAX_LENGTH = 36;

    private static final long SECONDS_PER_DAY = 86_400;
    /** Years 0..9999 print as four digits without a sign; others fall back to {@link Instant#toString()}. */
    private static final long MIN_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long MAX_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    private AsciiText() {
    }

    /**
     * Writes {@code t} as {@link Instant#toString()} does ({@code yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]Z}) into
     * {@code out} from 0 and returns the length, or returns -1 for years outside 0..9999 (the caller uses
     * {@code toString()} for those).
     */
    static int instant(Instant t, byte[] out) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
            return -1;
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(date.getYear(), 4, out, 0);
        out[4] = '-';
        digits(date.getMonthValue(), 2, out, 5);
        out[7] = '-';
        digits(date.getDayOfMonth(), 2, out, 8);
        out[10] = 'T';
        digits(secondOfDay / 3600, 2, out, 11);
        out[13] = ':';
        digits(secondOfDay / 60 % 60, 2, out, 14);
        out[16] = ':';
        digits(secondOfDay % 60, 2, out, 17);
        int at = 19;
        int nano = t.getNano();
        if (nano > 0) {
            // As ISO_INSTANT: the fraction in groups of three digits, as many groups as it needs.
            out[at++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3, out, at);
                at += 3;
            } else if (nano % 1_000 == 0) {
                digits(nano / 1_000, 6, out, at);
                at += 6;
            } else {
                digits(nano, 9, out, at);
                at += 9;
            }
        }
        out[at++] = 'Z';
        return at;
    }

    /** {@code value} (not negative) as exactly {@code count} decimal digits, zero-padded. */
    private static void digits(int value, int count, byte[] out, int at) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
