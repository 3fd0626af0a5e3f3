package dev.courier.ingest.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.courier.events.EventLimits;
import dev.courier.events.IsoInstants;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The batch endpoint's fast path: reads a {@code {"messages":[...]}} body in one streaming pass straight into
 * {@link MessageSent} values, without building a JSON tree and reshaping it for the events codec (that was a quarter
 * of the endpoint's CPU). It only ever says yes: it returns the items when the body is well-formed JSON and every
 * item is valid by the same rules as {@link dev.courier.events.EventCodec} (canonical UUIDs, non-blank stored text
 * without NUL, the content byte limit, an ISO-8601 {@code sentAt} or none), and {@code null} at the first thing it
 * does not like, whatever it is. The caller then takes the tree path, which owns every rejection and its problem
 * list, so errors stay exactly what they were ({@code StreamingBatchReaderTest} checks both paths agree).
 */
final class StreamingBatchReader {

    // No STRICT_DUPLICATE_DETECTION (a hash set per object): item() tracks its five fields itself, and the body's
    // object may only hold "messages", once. A duplicate makes this path decline, and the tree path rejects it.
    private final JsonFactory json = new JsonFactory();
    private final int maxContentBytes;
    private final int maxItems;

    StreamingBatchReader(int maxContentBytes, int maxItems) {
        this.maxContentBytes = maxContentBytes;
        this.maxItems = maxItems;
    }

    /** The batch's items (message ids derived, not yet stamped), or {@code null} unless all of the body is valid. */
    List<MessageSent> readValid(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !"messages".equals(p.nextFieldName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<MessageSent> items = new ArrayList<>(Math.min(maxItems, 1024));
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                MessageSent m = item(p);
                if (m == null || items.size() == maxItems) {
                    return null;
                }
                items.add(m);
            }
            // The array ends, the body's object ends with no other field, and nothing follows it.
            if (t != JsonToken.END_ARRAY || items.isEmpty() || p.nextToken() != JsonToken.END_OBJECT
                    || p.nextToken() != null) {
                return null;
            }
            return items;
        } catch (IOException | RuntimeException e) {
            // Malformed JSON, a duplicate field, a broken constraint: the tree path says which, with the same parser.
            return null;
        }
    }

    /** One item, the parser on its START_OBJECT; null if any field is missing, unknown, of the wrong type or invalid. */
    private MessageSent item(JsonParser p) throws IOException {
        UUID chatId = null;
        UUID senderId = null;
        String clientMessageId = null;
        String content = null;
        Instant sentAt = null;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            int bit = switch (name) {
                case "chatId" -> 1;
                case "senderId" -> 2;
                case "clientMessageId" -> 4;
                case "content" -> 8;
                case "sentAt" -> 16;
                default -> 0;
            };
            if (bit == 0 || (seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL && bit == 16) {
                continue;
            }
            if (value != JsonToken.VALUE_STRING) {
                return null;
            }
            switch (bit) {
                case 1 -> chatId = uuid(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case 2 -> senderId = uuid(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case 4 -> clientMessageId = storedText(p.getText(), EventLimits.MAX_CLIENT_MESSAGE_ID_LENGTH);
                case 8 -> content = storedText(p.getText(), Integer.MAX_VALUE);
                default -> {
                    sentAt = instant(p.getText());
                    if (sentAt == null) {
                        return null;
                    }
                }
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || chatId == null || senderId == null || clientMessageId == null
                || content == null || !withinLimit(content)) {
            return null;
        }
        return new MessageSent(chatId, MessageIds.derive(chatId, senderId, clientMessageId), senderId, clientMessageId, content,
                sentAt, null, null);
    }

    /**
     * A canonical UUID (8-4-4-4-12 hex digits, either case) read straight off the parser's buffer, without a String;
     * null for anything else. {@link UUID#fromString}, which the codec uses, accepts every such value with the same
     * result, and also some odd spellings (a sign inside a group): those make this path decline, not reject.
     */
    private static UUID uuid(char[] text, int offset, int length) {
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

    /** As the codec reads stored text: not blank, at most {@code maxChars}, no NUL (PostgreSQL cannot store it). */
    private static String storedText(String s, int maxChars) {
        return s.isBlank() || s.length() > maxChars || s.indexOf('\u0000') >= 0 ? null : s;
    }

    private static Instant instant(String s) {
        Instant t = IsoInstants.parse(s);
        return t != null && IsoInstants.storable(t) ? t : null;
    }

    /** Content is limited in UTF-8 bytes; a string of ASCII-sized length cannot exceed it, so most need no count. */
    private boolean withinLimit(String content) {
        if ((long) content.length() * 3 <= maxContentBytes) {
            return true;
        }
        return content.getBytes(StandardCharsets.UTF_8).length <= maxContentBytes;
    }
}
