package dev.courier.events.internal.json;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Writes one event's JSON straight into a byte array: no reflection, no String per value, no
 * {@code DateTimeFormatter} (the reflective Jackson encode was a third of the batch endpoint's CPU and a fifth of the
 * worker's stream thread). Field names come pre-encoded ({@link #key}); a null value writes nothing, as the wire
 * format leaves absent fields out.
 *
 * <p>Text is escaped as Jackson's default UTF-8 generator does, so the bytes equal Jackson's (the codec's tests use
 * Jackson as the oracle): {@code "} and {@code \} backslash-escaped; control characters below U+0020 as
 * {@code \b \t \n \f \r} or {@code \}{@code u00XX}; every UTF-16 surrogate, paired or not, as {@code \}{@code uXXXX}
 * (upper-case hex); everything else as its UTF-8 bytes.
 */
final class JsonOutput {

    private static final byte[] HEX = AsciiBytes.of("0123456789ABCDEF");
    private static final int UUID_CHARS = 36;
    private static final int MAX_LONG_CHARS = 20;

    private byte[] out;
    private int at;

    private static final int KEPT = 64 * 1024;

    /**
     * One per thread, reused: the event is written into this buffer and copied out once, at its exact size (a buffer
     * per event was half of the encoding's allocation).
     */
    JsonOutput() {
        out = new byte[1024];
    }

    JsonOutput reset() {
        if (out.length > KEPT) {
            out = new byte[1024]; // a rare huge event does not pin its buffer to the thread
        }
        at = 0;
        return this;
    }

    /** {@code ,"name":}: every field follows the envelope, so every key starts with a comma. */
    static byte[] key(String name) {
        return AsciiBytes.of(",\"" + name + "\":");
    }

    /** {@code {"type":"T","v":n}: every event starts with its envelope. */
    static byte[] envelope(String type, int version) {
        return AsciiBytes.of("{\"type\":\"" + type + "\",\"v\":" + version);
    }

    JsonOutput begin(byte[] envelope) {
        return raw(envelope);
    }

    JsonOutput uuid(byte[] key, UUID id) {
        if (id != null) {
            raw(key, UUID_CHARS + 2);
            out[at++] = '"';
            at = AsciiBytes.put(out, at, id);
            out[at++] = '"';
        }
        return this;
    }

    JsonOutput number(byte[] key, long v) {
        raw(key, MAX_LONG_CHARS);
        at = AsciiBytes.put(out, at, v);
        return this;
    }

    JsonOutput number(byte[] key, Long v) {
        return v == null ? this : number(key, v.longValue());
    }

    /** Through the field's memo of the last instant it wrote. */
    JsonOutput instant(Field<Instant> field, Instant t) {
        return t == null ? this : ascii(field.key, field.lastInstant.bytes(t));
    }

    /** A value known to be ASCII with nothing to escape (an enum's wire name, a formatted instant). */
    JsonOutput ascii(byte[] key, byte[] value) {
        if (value != null) {
            raw(key, value.length + 2);
            out[at++] = '"';
            at = AsciiBytes.put(out, at, value);
            out[at++] = '"';
        }
        return this;
    }

    JsonOutput text(byte[] key, String s) {
        if (s != null) {
            int escaped = escapedLength(s);
            raw(key, escaped + 2);
            out[at++] = '"';
            at = escaped == s.length() ? AsciiBytes.put(out, at, s) : escape(s);
            out[at++] = '"';
        }
        return this;
    }

    JsonOutput uuids(byte[] key, List<UUID> ids) {
        if (ids != null) {
            raw(key, ids.size() * (UUID_CHARS + 3) + 2);
            out[at++] = '[';
            for (int i = 0; i < ids.size(); i++) {
                if (i > 0) {
                    out[at++] = ',';
                }
                out[at++] = '"';
                at = AsciiBytes.put(out, at, ids.get(i));
                out[at++] = '"';
            }
            out[at++] = ']';
        }
        return this;
    }

    byte[] end() {
        ensure(1);
        out[at++] = '}';
        return Arrays.copyOf(out, at);
    }

    private JsonOutput raw(byte[] bytes) {
        return raw(bytes, 0);
    }

    /** Writes {@code bytes} and makes room for {@code more} after them. */
    private JsonOutput raw(byte[] bytes, int more) {
        ensure(bytes.length + more);
        at = AsciiBytes.put(out, at, bytes);
        return this;
    }

    private void ensure(int bytes) {
        if (at + bytes > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, at + bytes));
        }
    }

    /** Each char takes at least one byte, and exactly one only if it is printable ASCII that needs no escape. */
    private static int escapedLength(String s) {
        int n = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                n += c < 0x20 ? (shortEscape(c) != 0 ? 2 : 6) : c == '"' || c == '\\' ? 2 : 1;
            } else if (c < 0x800) {
                n += 2;
            } else {
                n += Character.isSurrogate(c) ? 6 : 3;
            }
        }
        return n;
    }

    private int escape(String s) {
        byte[] b = out;
        int i = at;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[i++] = (byte) c;
                } else if (c >= 0x20 || shortEscape(c) != 0) {
                    b[i++] = '\\';
                    b[i++] = (byte) (c >= 0x20 ? c : shortEscape(c));
                } else {
                    i = unicodeEscape(b, i, c);
                }
            } else if (c < 0x800) {
                b[i++] = (byte) (0xc0 | (c >> 6));
                b[i++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                i = unicodeEscape(b, i, c);
            } else {
                b[i++] = (byte) (0xe0 | (c >> 12));
                b[i++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[i++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return i;
    }

    private static char shortEscape(char c) {
        return switch (c) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
    }

    private static int unicodeEscape(byte[] b, int i, char c) {
        b[i++] = '\\';
        b[i++] = 'u';
        b[i++] = HEX[(c >> 12) & 0xf];
        b[i++] = HEX[(c >> 8) & 0xf];
        b[i++] = HEX[(c >> 4) & 0xf];
        b[i++] = HEX[c & 0xf];
        return i;
    }
}
