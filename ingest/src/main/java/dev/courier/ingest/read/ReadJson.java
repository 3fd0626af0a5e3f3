package dev.courier.ingest.read;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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
 * A history page is ~15 KB, so this is most of the read path's CPU after the query (see docs/benchmarks.md).
 */
final class ReadJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ReadJson() {
    }

    static void send(Context ctx, byte[] json) {
        ctx.contentType("application/json").result(json);
    }

    /** {@code {messages: [...], nextBefore}}. */
    static byte[] page(HistoryPage page) {
        return write(page.messages().size() * 400 + 64, g -> {
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
        return write(messages.size() * 400 + 32, g -> {
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

    private static void writeMessages(JsonGenerator g, List<StoredMessage> messages) throws IOException {
        g.writeArrayFieldStart("messages");
        for (StoredMessage m : messages) {
            g.writeStartObject();
            uuid(g, "messageId", m.messageId());
            uuid(g, "chatId", m.chatId());
            g.writeNumberField("seq", m.seq());
            uuid(g, "senderId", m.senderId());
            g.writeStringField("clientMessageId", m.clientMessageId());
            g.writeStringField("content", m.content());
            instant(g, "sentAt", m.sentAt());
            instant(g, "acceptedAt", m.acceptedAt());
            instant(g, "persistedAt", m.persistedAt());
            g.writeEndObject();
        }
        g.writeEndArray();
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
