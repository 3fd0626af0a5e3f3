package dev.courier.events.internal.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The ISO-8601 instants of the wire format ({@link Instant#toString()}: {@code yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]Z}),
 * read and written without {@link java.time.format.DateTimeFormatter}, which cost more than the rest of a record's
 * decoding or encoding (a tenth of the worker's stream thread and of the read path). Both directions only take the
 * common shape, years 0..9999, and leave anything else to {@link Instant#parse} and {@link Instant#toString()}: they
 * never give a different answer.
 */
public final class IsoInstants {

    /**
     * The earliest and latest instants an input may carry: years 1 to 9999. PostgreSQL's {@code timestamptz} holds
     * 4713 BC to 294276 AD, but Java reads far more (years of up to nine digits); an event Courier accepted must never
     * be one the database refuses later, after it took a seq (a gap in the history, wrong unread counts).
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** The most characters {@link #write} produces (a UUID-sized scratch buffer is enough). */
    public static final int MAX_WRITTEN = 30;

    private static final long SECONDS_PER_DAY = 86_400;
    /** Years 0..9999 print as four digits without a sign; others are left to {@link Instant#toString()}. */
    private static final long MIN_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long MAX_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    private IsoInstants() {
    }

    /** {@code t.toString()} as ASCII bytes, whatever the year. */
    public static byte[] bytes(Instant t) {
        byte[] out = new byte[64]; // toString() of any Instant is at most 31 characters
        return java.util.Arrays.copyOf(out, put(out, 0, t));
    }

    /** Writes {@code t} as {@link Instant#toString()} does, whatever the year, and returns the position after it. */
    public static int put(byte[] out, int at, Instant t) {
        int end = write(t, out, at);
        return end >= 0 ? end : AsciiBytes.put(out, at, t.toString());
    }

    /**
     * Writes {@code t} as {@link Instant#toString()} does into {@code out} at {@code at} (at most {@link #MAX_WRITTEN}
     * bytes) and returns the position after it, or returns -1 for years outside 0..9999 (use {@code toString()}).
     */
    public static int write(Instant t, byte[] out, int at) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_SECOND || seconds >= MAX_SECOND) {
            return -1;
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        digits(date.getYear(), 4, out, at);
        out[at + 4] = '-';
        digits(date.getMonthValue(), 2, out, at + 5);
        out[at + 7] = '-';
        digits(date.getDayOfMonth(), 2, out, at + 8);
        out[at + 10] = 'T';
        digits(secondOfDay / 3600, 2, out, at + 11);
        out[at + 13] = ':';
        digits(secondOfDay / 60 % 60, 2, out, at + 14);
        out[at + 16] = ':';
        digits(secondOfDay % 60, 2, out, at + 17);
        at += 19;
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

    /**
     * The instant {@code s} denotes if it has the common shape ({@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}), else null: never
     * a different answer than {@link Instant#parse}, which the caller uses for anything else (offsets, lower-case
     * letters, other years, leap seconds, bad values).
     */
    static Instant parseCommon(String s) {
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.') {
                return null;
            }
            int fraction = digits(s, 20, n - 21);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** {@code value} (not negative) as exactly {@code count} decimal digits, zero-padded. */
    private static void digits(int value, int count, byte[] out, int at) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The instant {@code s} denotes in ISO-8601 UTC ({@link Instant#parse}), whatever its year; null if it is not one. */
    public static Instant parse(String s) {
        Instant common = parseCommon(s);
        if (common != null) {
            return common;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** True if {@code t} lies between {@link #EARLIEST} and {@link #LATEST}, so the database can store it. */
    public static boolean storable(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }

    /** The value of {@code len} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
