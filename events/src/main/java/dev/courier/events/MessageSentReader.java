package dev.courier.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Decodes the most common value, a valid {@code MessageSent} (ingest's records on {@code chat-events.in}, the worker's
 * on {@code chat-log}), in one streaming pass: no JSON tree, no copy of the raw value as a String, no
 * {@code DateTimeFormatter}; the tree path was a seventh of the worker's stream thread and most of the sink's poll
 * thread. It only ever answers "this event" or "not sure": anything unusual (another type, a missing, null, duplicate
 * or unknown field, a value the full decoder would refuse) returns null, and {@link EventCodec} decodes it through
 * the tree, whose answer is authoritative. Where it answers, the event equals the tree path's
 * ({@code MessageSentReaderTest} checks it).
 */
final class MessageSentReader {

    private static final int TYPE = 1, V = 1 << 1, CHAT_ID = 1 << 2, MESSAGE_ID = 1 << 3, SENDER_ID = 1 << 4,
            CLIENT_MESSAGE_ID = 1 << 5, CONTENT = 1 << 6, SENT_AT = 1 << 7, ACCEPTED_AT = 1 << 8, SEQ = 1 << 9;
    /** What a MessageSent must have; messageId (derived when left out), the times and seq are optional. */
    private static final int REQUIRED = TYPE | V | CHAT_ID | SENDER_ID | CLIENT_MESSAGE_ID | CONTENT;

    private final JsonFactory json = new JsonFactory();
    private final int maxContentBytes;

    MessageSentReader(EventLimits limits) {
        this.maxContentBytes = limits.maxContentBytes();
    }

    /** The event if {@code value} certainly decodes to this valid MessageSent; null if the tree path must decide. */
    MessageSent read(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser p = json.createParser(value)) {
            return read(p);
        } catch (IOException | RuntimeException e) { // malformed, or a value the codec reports in its own words
            return null;
        }
    }

    private MessageSent read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        UUID chatId = null, messageId = null, senderId = null;
        String clientMessageId = null, content = null;
        Instant sentAt = null, acceptedAt = null;
        Long seq = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int field;
            switch (name) {
                case "type" -> {
                    field = TYPE;
                    if (v != JsonToken.VALUE_STRING || !"MessageSent".equals(p.getText())) {
                        return null;
                    }
                }
                case "v" -> {
                    field = V;
                    if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            || p.getIntValue() < 1 || p.getIntValue() > CourierEvent.SCHEMA_VERSION) {
                        return null;
                    }
                }
                case "chatId" -> {
                    field = CHAT_ID;
                    chatId = uuid(p, v);
                    if (chatId == null) {
                        return null;
                    }
                }
                case "messageId" -> {
                    field = MESSAGE_ID;
                    messageId = uuid(p, v);
                    if (messageId == null) {
                        return null;
                    }
                }
                case "senderId" -> {
                    field = SENDER_ID;
                    senderId = uuid(p, v);
                    if (senderId == null) {
                        return null;
                    }
                }
                case "clientMessageId" -> {
                    field = CLIENT_MESSAGE_ID;
                    clientMessageId = storedText(p, v);
                    if (clientMessageId == null || clientMessageId.length() > EventLimits.MAX_CLIENT_MESSAGE_ID_LENGTH) {
                        return null;
                    }
                }
                case "content" -> {
                    field = CONTENT;
                    content = storedText(p, v);
                    if (content == null || !withinBytes(content)) {
                        return null;
                    }
                }
                case "sentAt" -> {
                    field = SENT_AT;
                    sentAt = instant(p, v);
                    if (sentAt == null) {
                        return null;
                    }
                }
                case "acceptedAt" -> {
                    field = ACCEPTED_AT;
                    acceptedAt = instant(p, v);
                    if (acceptedAt == null) {
                        return null;
                    }
                }
                case "seq" -> {
                    field = SEQ;
                    if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            || p.getLongValue() < 1) {
                        return null;
                    }
                    seq = p.getLongValue();
                }
                default -> {
                    return null;
                }
            }
            if ((seen & field) != 0) {
                return null;
            }
            seen |= field;
        }
        // Every field read above was valid (a bad one returned at once), so only absence and trailing input remain.
        if (t != JsonToken.END_OBJECT || p.nextToken() != null || (seen & REQUIRED) != REQUIRED) {
            return null;
        }
        if (messageId == null) {
            messageId = MessageIds.derive(chatId, senderId, clientMessageId);
        } else if (seq == null && !messageId.equals(MessageIds.derive(chatId, senderId, clientMessageId))) {
            return null; // as the codec: only an input's id must be the derived one
        }
        return new MessageSent(chatId, messageId, senderId, clientMessageId, content, sentAt, acceptedAt, seq);
    }

    /** A canonical UUID string, checked as the codec checks it; null for any other value (also an object or array). */
    private static UUID uuid(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return s.length() == 36 ? UUID.fromString(s) : null; // IllegalArgumentException: the caller falls back
    }

    /** A non-blank string without NUL (PostgreSQL cannot store it); null otherwise. */
    private static String storedText(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return s.isBlank() || s.indexOf('\u0000') >= 0 ? null : s;
    }

    private static Instant instant(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        Instant t = IsoInstants.parse(p.getText());
        return t != null && IsoInstants.storable(t) ? t : null;
    }

    /** The codec's limit on content's UTF-8 bytes; a Java char never takes more than three. */
    private boolean withinBytes(String s) {
        return (long) s.length() * 3 <= maxContentBytes || s.getBytes(StandardCharsets.UTF_8).length <= maxContentBytes;
    }
}
