package dev.courier.events;

import java.util.Arrays;

/**
 * Writes the worker's most numerous outputs, {@link Delivery}, {@link UnreadChanged} and {@link ReceiptAdvanced} (ten
 * of the eleven records per message at group size 5), exactly as the codec's reflective Jackson path does (same
 * fields, order and time format; {@code HotEventWriterTest} checks byte equality) but straight into a byte array, with
 * no reflection, String or {@code DateTimeFormatter}: encoding was a fifth of the worker's stream thread. Every value
 * is ASCII without anything to escape (type names, UUIDs, numbers, ISO instants).
 */
final class HotEventWriter {

    private static final int UUID_CHARS = 36;
    private static final int MAX_LONG_CHARS = 20;
    private static final int MAX_INSTANT_CHARS = 40; // beyond what IsoInstants writes: toString() of any year

    private static final byte[] DELIVERY = AsciiBytes.of("{\"type\":\"Delivery\",\"v\":" + CourierEvent.SCHEMA_VERSION + ",\"userId\":\"");
    private static final byte[] UNREAD = AsciiBytes.of("{\"type\":\"UnreadChanged\",\"v\":" + CourierEvent.SCHEMA_VERSION + ",\"userId\":\"");
    private static final byte[] RECEIPT = AsciiBytes.of("{\"type\":\"ReceiptAdvanced\",\"v\":" + CourierEvent.SCHEMA_VERSION + ",\"chatId\":\"");
    private static final byte[] CHAT_ID = AsciiBytes.of("\",\"chatId\":\"");
    private static final byte[] USER_ID = AsciiBytes.of("\",\"userId\":\"");
    private static final byte[] SEQ = AsciiBytes.of("\",\"seq\":");
    private static final byte[] MESSAGE_ID = AsciiBytes.of(",\"messageId\":\"");
    private static final byte[] SENDER_ID = AsciiBytes.of("\",\"senderId\":\"");
    private static final byte[] UNREAD_COUNT = AsciiBytes.of("\",\"unread\":");
    private static final byte[] LAST_READ_SEQ = AsciiBytes.of(",\"lastReadSeq\":");
    private static final byte[] LATEST_SEQ = AsciiBytes.of(",\"latestSeq\":");
    private static final byte[] VERSION = AsciiBytes.of(",\"version\":");
    private static final byte[] KIND = AsciiBytes.of("\",\"kind\":\"");
    private static final byte[] UP_TO_SEQ = AsciiBytes.of("\",\"upToSeq\":");
    private static final byte[] PREVIOUS_SEQ = AsciiBytes.of(",\"previousSeq\":");
    private static final byte[] AT = AsciiBytes.of(",\"at\":\"");
    private static final byte[][] KINDS = Arrays.stream(ReceiptKind.values()).map(k -> AsciiBytes.of(k.wireName()))
            .toArray(byte[][]::new);

    private HotEventWriter() {
    }

    /**
     * The event's JSON, or null if this writer does not take it: another type, or an id missing (the reflective path
     * leaves a null field out).
     */
    static byte[] encode(CourierEvent event) {
        if (event instanceof Delivery d) {
            return d.userId() != null && d.chatId() != null && d.messageId() != null && d.senderId() != null
                    ? delivery(d) : null;
        }
        if (event instanceof UnreadChanged u) {
            return u.userId() != null && u.chatId() != null ? unreadChanged(u) : null;
        }
        if (event instanceof ReceiptAdvanced r) {
            return r.chatId() != null && r.userId() != null && r.kind() != null ? receiptAdvanced(r) : null;
        }
        return null;
    }

    private static byte[] delivery(Delivery d) {
        byte[] out = new byte[DELIVERY.length + 4 * UUID_CHARS + CHAT_ID.length + SEQ.length + MAX_LONG_CHARS
                + MESSAGE_ID.length + SENDER_ID.length + 2];
        int i = AsciiBytes.put(out, 0, DELIVERY);
        i = AsciiBytes.put(out, i, d.userId());
        i = AsciiBytes.put(out, i, CHAT_ID);
        i = AsciiBytes.put(out, i, d.chatId());
        i = AsciiBytes.put(out, i, SEQ);
        i = AsciiBytes.put(out, i, d.seq());
        i = AsciiBytes.put(out, i, MESSAGE_ID);
        i = AsciiBytes.put(out, i, d.messageId());
        i = AsciiBytes.put(out, i, SENDER_ID);
        i = AsciiBytes.put(out, i, d.senderId());
        out[i++] = '"';
        out[i++] = '}';
        return Arrays.copyOf(out, i);
    }

    private static byte[] unreadChanged(UnreadChanged u) {
        byte[] out = new byte[UNREAD.length + 2 * UUID_CHARS + CHAT_ID.length + UNREAD_COUNT.length + LAST_READ_SEQ.length
                + LATEST_SEQ.length + VERSION.length + 4 * MAX_LONG_CHARS + AT.length + MAX_INSTANT_CHARS + 2];
        int i = AsciiBytes.put(out, 0, UNREAD);
        i = AsciiBytes.put(out, i, u.userId());
        i = AsciiBytes.put(out, i, CHAT_ID);
        i = AsciiBytes.put(out, i, u.chatId());
        i = AsciiBytes.put(out, i, UNREAD_COUNT);
        i = AsciiBytes.put(out, i, u.unread());
        i = AsciiBytes.put(out, i, LAST_READ_SEQ);
        i = AsciiBytes.put(out, i, u.lastReadSeq());
        i = AsciiBytes.put(out, i, LATEST_SEQ);
        i = AsciiBytes.put(out, i, u.latestSeq());
        i = AsciiBytes.put(out, i, VERSION);
        i = AsciiBytes.put(out, i, u.version());
        i = at(out, i, u.at());
        out[i++] = '}';
        return Arrays.copyOf(out, i);
    }

    private static byte[] receiptAdvanced(ReceiptAdvanced r) {
        byte[] out = new byte[RECEIPT.length + 2 * UUID_CHARS + USER_ID.length + KIND.length + 9 + UP_TO_SEQ.length
                + PREVIOUS_SEQ.length + 2 * MAX_LONG_CHARS + AT.length + MAX_INSTANT_CHARS + 2];
        int i = AsciiBytes.put(out, 0, RECEIPT);
        i = AsciiBytes.put(out, i, r.chatId());
        i = AsciiBytes.put(out, i, USER_ID);
        i = AsciiBytes.put(out, i, r.userId());
        i = AsciiBytes.put(out, i, KIND);
        i = AsciiBytes.put(out, i, KINDS[r.kind().ordinal()]);
        i = AsciiBytes.put(out, i, UP_TO_SEQ);
        i = AsciiBytes.put(out, i, r.upToSeq());
        i = AsciiBytes.put(out, i, PREVIOUS_SEQ);
        i = AsciiBytes.put(out, i, r.previousSeq());
        i = at(out, i, r.at());
        out[i++] = '}';
        return Arrays.copyOf(out, i);
    }

    private static int at(byte[] out, int i, java.time.Instant at) {
        if (at == null) {
            return i;
        }
        i = AsciiBytes.put(out, i, AT);
        i = IsoInstants.put(out, i, at);
        out[i] = '"';
        return i + 1;
    }
}
