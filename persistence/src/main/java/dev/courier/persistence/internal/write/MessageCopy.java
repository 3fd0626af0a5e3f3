package dev.courier.persistence.internal.write;

import dev.courier.events.MessageSent;
import dev.courier.persistence.internal.dialect.SinkStatements;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes messages with a binary COPY: no array literals to build and parse, no text to parse per uuid and timestamp.
 * COPY has no ON CONFLICT, so when it is refused the caller rolls the attempt back and falls back to
 * {@link SinkStatements#INSERT_MESSAGES} (a replayed message, or a value that statement must
 * judge). Every value goes in exactly as the text path stores it (an integration test compares the two).
 */
final class MessageCopy {

    /** PostgreSQL's binary COPY header: signature, flags, header extension length. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Seconds from the Unix epoch to PostgreSQL's (2000-01-01T00:00:00Z). */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the text form of an Instant outside them is not ISO yyyy. */
    private static final long MIN_SECONDS = -62_135_596_800L, MAX_SECONDS = 253_402_300_799L;

    private MessageCopy() {
    }

    /**
     * Whether every message can take the binary path with the same outcome as the text path (timestamps the text
     * path would read as four-digit years); otherwise the caller uses the INSERT.
     */
    static boolean copyable(List<MessageSent> messages) {
        for (MessageSent m : messages) {
            if (!inRange(m.sentAt()) || !inRange(m.acceptedAt()) || m.seq() == null) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code messages} into the messages table; returns the rows written. */
    static long copy(Connection c, List<MessageSent> messages) throws SQLException {
        Buffer b = new Buffer(messages.size() * 256);
        b.write(HEADER, 0, HEADER.length);
        for (MessageSent m : messages) {
            b.int16(8);
            b.uuid(m.messageId());
            b.uuid(m.chatId());
            b.int32(8);
            b.int64(m.seq());
            b.uuid(m.senderId());
            b.text(m.clientMessageId());
            b.text(m.content());
            b.timestamp(m.sentAt());
            b.timestamp(m.acceptedAt());
        }
        b.int16(-1);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SinkStatements.COPY_MESSAGES);
        try {
            in.writeToCopy(b.bytes(), 0, b.size());
            return in.endCopy();
        } catch (SQLException e) {
            if (in.isActive()) { // refused mid-stream: end the COPY so the transaction can be rolled back
                try {
                    in.cancelCopy();
                } catch (SQLException x) {
                    e.addSuppressed(x);
                }
            }
            throw e;
        }
    }

    private static boolean inRange(Instant t) {
        return t != null && t.getEpochSecond() >= MIN_SECONDS && t.getEpochSecond() <= MAX_SECONDS;
    }

    /**
     * Microseconds since PostgreSQL's epoch, rounded as PostgreSQL rounds the fraction of a text timestamp
     * ({@code rint(strtod(fraction) * 1e6)}: the nearest double, then half to even), so both paths store the same value.
     * {@code nanos / 1e9} is that same double: the division is correctly rounded, as {@code strtod} is, and the exact
     * quotient is the nine-digit fraction the text path writes.
     */
    static long micros(Instant t) {
        int nanos = t.getNano();
        long fraction = nanos % 1_000 == 0 ? nanos / 1_000 : (long) Math.rint(nanos / 1e9 * 1_000_000);
        return (t.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000 + fraction;
    }

    /** A growable big-endian byte buffer (ByteArrayOutputStream would take a lock per byte). */
    private static final class Buffer {

        private byte[] buf;
        private int size;

        Buffer(int capacity) {
            buf = new byte[capacity];
        }

        byte[] bytes() {
            return buf;
        }

        int size() {
            return size;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        void int16(int v) {
            ensure(2);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void int32(int v) {
            ensure(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void uuid(UUID u) {
            int32(16);
            int64(u.getMostSignificantBits());
            int64(u.getLeastSignificantBits());
        }

        void text(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            int32(utf8.length);
            write(utf8, 0, utf8.length);
        }

        void timestamp(Instant t) {
            int32(8);
            int64(micros(t));
        }
    }
}
