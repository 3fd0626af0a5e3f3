package dev.courier.ingest.read;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.courier.ingest.internal.JsonAnswers;
import dev.courier.persistence.HistoryPage;
import dev.courier.persistence.MessageReceipts;
import dev.courier.persistence.StoredMessage;
import dev.courier.persistence.UnreadSummary;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The read answers' JSON, written field by field with a streaming generator: the wire names are the events' (DESIGN
 * §3) and stay put when a persistence record changes; times are ISO-8601 UTC strings, absent values {@code null}.
 * A history page is ~23 KB, so this is most of the read path's CPU after the query (see docs/benchmarks-journal.md): the
 * message fields' names are pre-encoded, and UUIDs and instants go out as ASCII bytes ({@link JsonAnswers})
 * instead of through {@code toString()}. The output is byte for byte what
 * {@code writeStringField(name, value.toString())} wrote (ReadJsonTest compares the two).
 */
final class ReadJson {

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

    /** {@code {messages: [...], nextBefore}}. */
    static byte[] page(HistoryPage page) {
        return JsonAnswers.write(sizeOf(page.messages()) + 64, g -> {
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
        return JsonAnswers.write(sizeOf(messages) + 32, g -> {
            g.writeStartObject();
            writeMessages(g, messages);
            g.writeEndObject();
        });
    }

    /** {@code {messageId, chatId, seq, senderId, recipients: [{userId, status, deliveredAt, readAt}]}}. */
    static byte[] receipts(MessageReceipts receipts) {
        return JsonAnswers.write(receipts.recipients().size() * 160 + 200, g -> {
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
        return JsonAnswers.write(summary.chats().size() * 100 + 32, g -> {
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
        byte[] scratch = JsonAnswers.scratch();
        g.writeArrayFieldStart("messages");
        for (StoredMessage m : messages) {
            g.writeStartObject();
            g.writeFieldName(MESSAGE_ID);
            JsonAnswers.uuid(g, m.messageId(), scratch);
            g.writeFieldName(CHAT_ID);
            JsonAnswers.uuid(g, m.chatId(), scratch);
            g.writeFieldName(SEQ);
            g.writeNumber(m.seq());
            g.writeFieldName(SENDER_ID);
            JsonAnswers.uuid(g, m.senderId(), scratch);
            g.writeFieldName(CLIENT_MESSAGE_ID);
            g.writeString(m.clientMessageId());
            g.writeFieldName(CONTENT);
            g.writeString(m.content());
            g.writeFieldName(SENT_AT);
            JsonAnswers.instant(g, m.sentAt(), scratch);
            g.writeFieldName(ACCEPTED_AT);
            JsonAnswers.instant(g, m.acceptedAt(), scratch);
            g.writeFieldName(PERSISTED_AT);
            JsonAnswers.instant(g, m.persistedAt(), scratch);
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
}
