package dev.courier.ingest.read;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.courier.events.AsciiBytes;
import dev.courier.events.IsoInstants;
import dev.courier.persistence.HistoryPage;
import dev.courier.persistence.MessageReceipts;
import dev.courier.persistence.StoredMessage;
import dev.courier.persistence.UnreadSummary;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The read answers' JSON, written field by field with a streaming generator: the wire names are the events' (DESIGN
 * §3) and stay put when a persistence record changes; times are ISO-8601 UTC strings, absent values {@code null}.
 * A history page is ~23 KB, so this is most of the read path's CPU after the query (see docs/benchmarks.md): the
 * message fields' names are pre-encoded, and UUIDs and instants go out as ASCII bytes ({@link AsciiBytes},
 * {@link IsoInstants}) instead of through {@code toString()}. The output is byte for byte what
 * {@code writeStringField(name, value.toString())} wrote (ReadJsonTest compares the two).
 */
final class ReadJson {

    private static final JsonFactory JSON = new JsonFactory();
    /** A message's JSON beyond its client message id and content: 3 UUIDs, 3 instants, seq, names and punctuation. */
    private static final int MESSAGE_OVERHEAD = 420;

    private static final SerializableString MESSAGE_ID = new SerializedString("messageId");
    private static final SerializableString CHAT_ID = new SerializedString("chatId");
    private static final SerializableString SEQ = new SerializedString("seq");
    private static final SerializableString SENDER_ID = new SerializedString("senderId");
    private static final SerializableString CLIENT_MESSAGE_ID = new SerializedString("clientMessageId");
    private static final SerializableString CONTENT = new SerializedString("content");
    private static final SerializableString SENT_AT = new SerializedString("sentAt");
    private static final SerializableString ACCEPTED_AT = new SerializedString("acceptedAt");
    private static final SerializableString PERSISTED_AT = new SerializedString("persistedAt");

    private ReadJson() {
    }

    /**
     * With its {@code Content-Length}, in one write straight to the servlet response: Jetty then sends the head and the
     * whole body at once (an unknown length made it a chunked answer with a separate write for the closing chunk), and
     * the bytes skip Javalin's result path, which copied them through an input stream and its compression wrapper in
     * 8 KB pieces (a tenth of the read path's CPU in a profile of the history benchmark).
     */
    static void send(Context ctx, byte[] json) {
        ctx.contentType("application/json");
        ctx.res().setContentLength(json.length);
        try {
            ctx.res().getOutputStream().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the answer", e); // the client went away
        }
    }

    /** {@code {messages: [...], nextBefore}}. */
    static byte[] page(HistoryPage page) {
        return write(sizeOf(page.messages()) + 64, g -> {
            g.writeStartObject();
            writeMessages(g, page.messages());
            if (page.nextBefore() == null) {
                g.writeNullField("nextBefore");
            } else {
                g.writeNumberField("nextBefore", page.nextBefore());
            }
            g.writeEndObject();
        });
    }

    /** {@code {messages: [...]}}. */
    static byte[] messages(List<StoredMessage> messages) {
        return write(sizeOf(messages) + 32, g -> {
            g.writeStartObject();
            writeMessages(g, messages);
            g.writeEndObject();
        });
    }

    /** {@code {messageId, chatId, seq, senderId, recipients: [{userId, status, deliveredAt, readAt}]}}. */
    static byte[] receipts(MessageReceipts receipts) {
        return write(receipts.recipients().size() * 160 + 200, g -> {
            g.writeStartObject();
            uuid(g, "messageId", receipts.messageId());
            uuid(g, "chatId", receipts.chatId());
            g.writeNumberField("seq", receipts.seq());
            uuid(g, "senderId", receipts.senderId());
            g.writeArrayFieldStart("recipients");
            for (MessageReceipts.Recipient r : receipts.recipients()) {
                g.writeStartObject();
                uuid(g, "userId", r.userId());
                g.writeStringField("status", r.status());
                instant(g, "deliveredAt", r.deliveredAt());
                instant(g, "readAt", r.readAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {total, chats: [{chatId, unread, lastReadSeq}]}}. */
    static byte[] unread(UnreadSummary summary) {
        return write(summary.chats().size() * 100 + 32, g -> {
            g.writeStartObject();
            g.writeNumberField("total", summary.total());
            g.writeArrayFieldStart("chats");
            for (UnreadSummary.ChatUnread c : summary.chats()) {
                g.writeStartObject();
                uuid(g, "chatId", c.chatId());
                g.writeNumberField("unread", c.unread());
                g.writeNumberField("lastReadSeq", c.lastReadSeq());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** About the size of the messages' JSON (exact for ASCII text), so the buffer rarely has to grow. */
    private static int sizeOf(List<StoredMessage> messages) {
        int size = 16;
        for (StoredMessage m : messages) {
            size += MESSAGE_OVERHEAD + length(m.clientMessageId()) + length(m.content());
        }
        return size;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static void writeMessages(JsonGenerator g, List<StoredMessage> messages) throws IOException {
        byte[] scratch = new byte[Math.max(36, IsoInstants.MAX_WRITTEN)]; // a UUID or an instant
        g.writeArrayFieldStart("messages");
        for (StoredMessage m : messages) {
            g.writeStartObject();
            g.writeFieldName(MESSAGE_ID);
            uuid(g, m.messageId(), scratch);
            g.writeFieldName(CHAT_ID);
            uuid(g, m.chatId(), scratch);
            g.writeFieldName(SEQ);
            g.writeNumber(m.seq());
            g.writeFieldName(SENDER_ID);
            uuid(g, m.senderId(), scratch);
            g.writeFieldName(CLIENT_MESSAGE_ID);
            g.writeString(m.clientMessageId());
            g.writeFieldName(CONTENT);
            g.writeString(m.content());
            g.writeFieldName(SENT_AT);
            instant(g, m.sentAt(), scratch);
            g.writeFieldName(ACCEPTED_AT);
            instant(g, m.acceptedAt(), scratch);
            g.writeFieldName(PERSISTED_AT);
            instant(g, m.persistedAt(), scratch);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void uuid(JsonGenerator g, UUID value, byte[] scratch) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeRawUTF8String(scratch, 0, AsciiBytes.put(scratch, 0, value)); // hex and '-': nothing to escape
        }
    }

    private static void instant(JsonGenerator g, Instant value, byte[] scratch) throws IOException {
        if (value == null) {
            g.writeNull();
            return;
        }
        int length = IsoInstants.write(value, scratch, 0);
        if (length < 0) {
            g.writeString(value.toString()); // a year outside 0..9999
        } else {
            g.writeRawUTF8String(scratch, 0, length); // digits, '-', ':', 'T', '.', 'Z': nothing to escape
        }
    }

    private static void uuid(JsonGenerator g, String name, UUID value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value.toString());
        }
    }

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value.toString()); // ISO-8601 UTC, as Jackson's JavaTimeModule writes it
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(int sizeHint, Body body) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
             JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
    }
}
