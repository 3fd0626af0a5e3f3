package dev.courier.events.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes text known to be ASCII with nothing to escape (field names, canonical UUIDs, numbers; ISO instants are
 * {@link IsoInstants}') into a byte array at a position, returning the position after it: the events' JSON
 * ({@link JsonOutput}) and the UUIDs of the HTTP API's answers, without a String or a copy per value.
 */
public final class AsciiBytes {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private AsciiBytes() {
    }

    public static byte[] of(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static int put(byte[] out, int at, byte[] ascii) {
        System.arraycopy(ascii, 0, out, at, ascii.length);
        return at + ascii.length;
    }

    /** {@code s} must be ASCII: each char's low byte is copied (the one-pass, intrinsic copy of a Latin-1 string). */
    @SuppressWarnings("deprecation")
    public static int put(byte[] out, int at, String s) {
        s.getBytes(0, s.length(), out, at);
        return at + s.length();
    }

    /** Exactly {@link UUID#toString()}: 36 characters, lower-case hex, dashes at 8, 13, 18 and 23. */
    public static int put(byte[] out, int at, UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        at = hex(out, at, msb >>> 32, 8);
        out[at++] = '-';
        at = hex(out, at, msb >>> 16, 4);
        out[at++] = '-';
        at = hex(out, at, msb, 4);
        out[at++] = '-';
        at = hex(out, at, lsb >>> 48, 4);
        out[at++] = '-';
        return hex(out, at, lsb, 12);
    }

    /** Exactly {@link Long#toString(long)}. */
    public static int put(byte[] out, int at, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return put(out, at, Long.toString(v));
            }
            out[at++] = '-';
            v = -v;
        }
        int end = at + digits(v);
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    /** How many decimal digits {@code v} (not negative) has. */
    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** The low {@code digits} hex digits of {@code v}, most significant first. */
    private static int hex(byte[] out, int at, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return at + digits;
    }
}
