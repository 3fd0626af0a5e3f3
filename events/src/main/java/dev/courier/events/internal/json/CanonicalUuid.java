package dev.courier.events.internal.json;

import java.util.UUID;

/**
 * Reads a UUID in its canonical form only: 36 characters, hex digits (either case) in groups of 8-4-4-4-12. Every id on
 * the wire and in a URL is written that way; {@link UUID#fromString} would also take short forms such as
 * {@code 1-2-3-4-5} and signs inside a group, which name the same id in a second spelling.
 */
public final class CanonicalUuid {

    private CanonicalUuid() {
    }

    /** The UUID, or null if {@code s} is not canonical. */
    public static UUID parse(String s) {
        return s == null || s.length() != 36 ? null : parse(s.toCharArray(), 0, 36);
    }

    /** As {@link #parse(String)}, straight off a parser's character buffer. */
    static UUID parse(char[] text, int offset, int length) {
        if (length != 36) {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 36; i++) {
            char c = text[offset + i];
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return null;
            }
            if (i < 18) {
                msb = msb << 4 | digit;
            } else {
                lsb = lsb << 4 | digit;
            }
        }
        return new UUID(msb, lsb);
    }
}
