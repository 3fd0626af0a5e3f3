package dev.courier.events;

/**
 * Writes {@link MessageSent} exactly as the codec's reflective Jackson path does (same fields, order, escaping and time
 * format; {@code MessageSentWriterTest} checks byte equality), but straight into a byte array of the exact size: the
 * reflective encode was a third of the batch endpoint's CPU, and a Jackson generator per record still a fifth.
 * {@link EventCodec#encode} uses it for every {@code MessageSent} (ingest's records and the worker's chat-log);
 * ingest calls it directly to format {@code acceptedAt} once per request.
 *
 * <p>Escaping follows Jackson's default UTF-8 generator: {@code "} and {@code \} backslash-escaped; control characters
 * below U+0020 as {@code \b \t \n \f \r} or {@code \}{@code u00XX}; every UTF-16 surrogate, paired or not, as
 * {@code \}{@code uXXXX} (upper-case hex); everything else as its UTF-8 bytes.
 */
public final class MessageSentWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MessageSentWriter() {
    }

    private static final byte[] HEAD = AsciiBytes.of("{\"type\":\"MessageSent\",\"v\":" + CourierEvent.SCHEMA_VERSION + ",\"chatId\":\"");
    private static final byte[] MESSAGE_ID = AsciiBytes.of("\",\"messageId\":\"");
    private static final byte[] SENDER_ID = AsciiBytes.of("\",\"senderId\":\"");
    private static final byte[] CLIENT_MESSAGE_ID = AsciiBytes.of("\",\"clientMessageId\":\"");
    private static final byte[] CONTENT = AsciiBytes.of("\",\"content\":\"");
    private static final byte[] SENT_AT = AsciiBytes.of(",\"sentAt\":\"");
    private static final byte[] ACCEPTED_AT = AsciiBytes.of(",\"acceptedAt\":\"");
    private static final byte[] SEQ = AsciiBytes.of(",\"seq\":");
    private static final int UUID_CHARS = 36;

    /**
     * Whether the writer takes this message: every id and text present. A message read straight from Kafka may lack
     * its {@code messageId} (the worker derives it) and is echoed into {@code rejected} as it came, which the
     * reflective path does by leaving the missing field out.
     */
    static boolean canEncode(MessageSent m) {
        return m.chatId() != null && m.messageId() != null && m.senderId() != null && m.clientMessageId() != null
                && m.content() != null;
    }

    /** The codec's path: {@code acceptedAt} as the event has it; the message must pass {@link #canEncode}. */
    static byte[] encode(MessageSent m) {
        return encode(m, m.acceptedAt() == null ? null : IsoInstants.bytes(m.acceptedAt()));
    }

    /**
     * {@code acceptedAt} is {@code IsoInstants.bytes(event.acceptedAt())}, formatted by the caller once for many events;
     * the message must pass {@link #canEncode}, as every message ingest accepts does.
     */
    public static byte[] encode(MessageSent m, byte[] acceptedAt) {
        byte[] sentAt = m.sentAt() == null ? null : IsoInstants.bytes(m.sentAt());
        String seq = m.seq() == null ? null : Long.toString(m.seq());
        int clientMessageIdBytes = escapedLength(m.clientMessageId());
        int contentBytes = escapedLength(m.content());
        int size = HEAD.length + UUID_CHARS + MESSAGE_ID.length + UUID_CHARS + SENDER_ID.length + UUID_CHARS
                + CLIENT_MESSAGE_ID.length + clientMessageIdBytes + CONTENT.length + contentBytes + 1
                + (sentAt == null ? 0 : SENT_AT.length + sentAt.length + 1)
                + (acceptedAt == null ? 0 : ACCEPTED_AT.length + acceptedAt.length + 1)
                + (seq == null ? 0 : SEQ.length + seq.length()) + 1;
        byte[] out = new byte[size];
        int i = AsciiBytes.put(out, 0, HEAD);
        i = AsciiBytes.put(out, i, m.chatId());
        i = AsciiBytes.put(out, i, MESSAGE_ID);
        i = AsciiBytes.put(out, i, m.messageId());
        i = AsciiBytes.put(out, i, SENDER_ID);
        i = AsciiBytes.put(out, i, m.senderId());
        i = AsciiBytes.put(out, i, CLIENT_MESSAGE_ID);
        i = text(out, i, m.clientMessageId(), clientMessageIdBytes);
        i = AsciiBytes.put(out, i, CONTENT);
        i = text(out, i, m.content(), contentBytes);
        out[i++] = '"';
        if (sentAt != null) {
            i = AsciiBytes.put(out, i, SENT_AT);
            i = AsciiBytes.put(out, i, sentAt);
            out[i++] = '"';
        }
        if (acceptedAt != null) {
            i = AsciiBytes.put(out, i, ACCEPTED_AT);
            i = AsciiBytes.put(out, i, acceptedAt);
            out[i++] = '"';
        }
        if (seq != null) {
            i = AsciiBytes.put(out, i, SEQ);
            i = AsciiBytes.put(out, i, seq);
        }
        out[i++] = '}';
        if (i != size) {
            throw new IllegalStateException("MessageSent size computed as " + size + " but wrote " + i + " bytes");
        }
        return out;
    }

    /** Plain ASCII (escaped as long as it is) is copied in one go; anything else is escaped char by char. */
    private static int text(byte[] out, int at, String s, int escapedBytes) {
        return escapedBytes == s.length() ? AsciiBytes.put(out, at, s) : escaped(out, at, s);
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

    private static int escaped(byte[] out, int at, String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[at++] = (byte) c;
                } else if (c >= 0x20 || shortEscape(c) != 0) {
                    out[at++] = '\\';
                    out[at++] = (byte) (c >= 0x20 ? c : shortEscape(c));
                } else {
                    at = unicodeEscape(out, at, c);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(out, at, c);
            } else {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return at;
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

    private static int unicodeEscape(byte[] out, int at, char c) {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = HEX[(c >> 12) & 0xf];
        out[at++] = HEX[(c >> 8) & 0xf];
        out[at++] = HEX[(c >> 4) & 0xf];
        out[at++] = HEX[c & 0xf];
        return at;
    }
}
