package dev.courier.ingest.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.CourierEvent;
import dev.courier.events.EventCodec;
import dev.courier.events.EventCodec.FieldProfile;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageSent;
import dev.courier.events.Problem;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.events.internal.json.JsonText;
import dev.courier.ingest.ApiProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns write-request bodies into the events they publish. Each body is read in one streaming pass by the events
 * module's {@link EventCodec}, in the request's own field names ({@link FieldProfile}: the path's ids given, HTTP's
 * {@code type} for {@code chatType}), so HTTP and the {@code .in} topics share one set of rules and limits. Every bad
 * field is reported, with HTTP names: {@code path.chatId}, {@code messages[3].content}, {@code type}. Nothing here
 * does I/O; an invalid request throws {@link ApiProblem} before anything is published.
 */
public final class WriteRequests {

    private static final FieldProfile CHAT = FieldProfile.allowing("chatId", "type", "title", "createdBy", "members")
            .renaming("type", "chatType").leavingOptional("chatId");
    private static final FieldProfile JOIN = FieldProfile.allowing("userId");
    private static final FieldProfile MESSAGE = FieldProfile.allowing("senderId", "clientMessageId", "content", "sentAt");
    private static final FieldProfile BATCH_ITEM = FieldProfile.allowing("chatId", "senderId", "clientMessageId",
            "content", "sentAt");
    private static final FieldProfile RECEIPT = FieldProfile.allowing("userId", "kind", "upToSeq");
    private static final FieldProfile NO_FIELDS = FieldProfile.allowing();
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    /** One record to publish. */
    public record Outgoing(String topic, String key, byte[] value) {
    }

    /** What a valid request publishes, and what the 202 answer says. */
    public record Accepted(List<Outgoing> records, Object response) {
    }

    public record ChatAccepted(UUID chatId, Instant acceptedAt) {
    }

    public record MembershipAccepted(UUID chatId, UUID userId, Instant acceptedAt) {
    }

    public record MessageAccepted(UUID messageId, UUID chatId, Instant acceptedAt) {
    }

    public record ReceiptAccepted(UUID chatId, UUID userId, String kind, long upToSeq, Instant acceptedAt) {
    }

    public record BatchAccepted(int accepted, List<MessageAccepted> results) {
    }

    // A field named twice is malformed JSON here (400 malformed_json): a request must say one thing. The codec checks
    // the events' fields itself (Jackson's STRICT_DUPLICATE_DETECTION costs a set per object); the batch checks its own.
    private final JsonFactory json = new JsonFactory();
    private final EventCodec codec;
    private final Topic<ChatEvent> chatEvents;
    private final Topic<ReceiptSubmitted> receipts;
    private final int maxBatchItems;

    public WriteRequests(EventCodec codec, Topics topics, int maxBatchItems) {
        this.codec = codec;
        this.chatEvents = topics.chatEventsIn();
        this.receipts = topics.receiptsIn();
        this.maxBatchItems = maxBatchItems;
    }

    public Accepted createChat(byte[] body, Instant now) {
        ChatCreated c = read(body, ChatCreated.class, CHAT);
        UUID chatId = c.chatId() != null ? c.chatId() : UUID.randomUUID();
        ChatCreated stamped = new ChatCreated(chatId, c.chatType(), c.title(), c.createdBy(), c.members(), now, null);
        return new Accepted(List.of(chatEvent(stamped)), new ChatAccepted(chatId, now));
    }

    public Accepted join(String pathChatId, byte[] body, Instant now) {
        MemberJoined j = read(body, MemberJoined.class, JOIN.giving("chatId", "path.chatId", pathChatId));
        MemberJoined stamped = new MemberJoined(j.chatId(), j.userId(), now, null);
        return new Accepted(List.of(chatEvent(stamped)), new MembershipAccepted(j.chatId(), j.userId(), now));
    }

    public Accepted leave(String pathChatId, String pathUserId, Instant now) {
        MemberLeft l = read(EMPTY_OBJECT, MemberLeft.class, NO_FIELDS.giving("chatId", "path.chatId", pathChatId)
                .giving("userId", "path.userId", pathUserId));
        MemberLeft stamped = new MemberLeft(l.chatId(), l.userId(), now, null);
        return new Accepted(List.of(chatEvent(stamped)), new MembershipAccepted(l.chatId(), l.userId(), now));
    }

    public Accepted message(String pathChatId, byte[] body, Instant now) {
        MessageSent m = read(body, MessageSent.class, MESSAGE.giving("chatId", "path.chatId", pathChatId));
        return new Accepted(List.of(message(m, now)), new MessageAccepted(m.messageId(), m.chatId(), now));
    }

    public Accepted receipt(String pathChatId, byte[] body, Instant now) {
        ReceiptSubmitted r = read(body, ReceiptSubmitted.class, RECEIPT.giving("chatId", "path.chatId", pathChatId));
        ReceiptSubmitted stamped = new ReceiptSubmitted(r.chatId(), r.userId(), r.kind(), r.upToSeq(), now);
        byte[] value = codec.encode(stamped);
        return new Accepted(List.of(new Outgoing(receipts.name(), r.chatId().toString(), value)),
                new ReceiptAccepted(r.chatId(), r.userId(), r.kind().wireName(), r.upToSeq(), now));
    }

    /**
     * A batch is all or nothing at validation: one bad item rejects the request (400 naming every bad field of every
     * item, as {@code messages[i].field}), so nothing is published for a rejected request. The body is read once, in
     * one pass, items straight into events.
     */
    public Accepted batch(byte[] body, Instant now) {
        List<Problem> problems = new ArrayList<>();
        List<Problem> itemProblems = new ArrayList<>();
        List<MessageSent> items = new ArrayList<>();
        JsonToken messages = null;
        int count = 0;
        List<String> names = new ArrayList<>(1);
        try (JsonParser p = object(body)) {
            String name;
            while ((name = p.nextFieldName()) != null) {
                if (names.contains(name)) {
                    throw JsonText.duplicate(p, name);
                }
                names.add(name);
                JsonToken t = p.nextToken();
                if (!name.equals("messages")) {
                    problems.add(unknown(name, "messages"));
                } else if ((messages = t) == JsonToken.START_ARRAY) {
                    count = items(p, items, itemProblems);
                }
                p.skipChildren();
            }
            JsonText.requireEnd(p);
        } catch (IOException e) {
            throw malformed(e);
        }
        if (messages == null || messages == JsonToken.VALUE_NULL) {
            problems.add(new Problem("messages", "missing"));
        } else if (messages != JsonToken.START_ARRAY) {
            problems.add(new Problem("messages", "must be an array of messages, was " + JsonText.kind(messages)));
        } else if (count == 0) {
            problems.add(new Problem("messages", "must hold at least one message"));
        } else if (count > maxBatchItems) {
            problems.add(new Problem("messages", count + " items, over the limit of " + maxBatchItems));
            throw new ApiProblem(400, "batch_too_large", "Batch too large", "a batch carries at most " + maxBatchItems
                    + " messages; split it", problems, Map.of());
        }
        // The batch's own shape first: items are only judged in a well-formed batch.
        if (!problems.isEmpty() || !itemProblems.isEmpty()) {
            throw ApiProblem.invalidFields(problems.isEmpty() ? itemProblems : problems);
        }
        List<Outgoing> records = new ArrayList<>(items.size());
        List<MessageAccepted> results = new ArrayList<>(items.size());
        for (MessageSent m : items) {
            records.add(message(m, now));
            results.add(new MessageAccepted(m.messageId(), m.chatId(), now));
        }
        return new Accepted(records, new BatchAccepted(results.size(), results));
    }

    /** Reads the array's items, the parser on its start; returns how many there were (read or not). */
    private int items(JsonParser p, List<MessageSent> items, List<Problem> problems) throws IOException {
        List<Problem> item = new ArrayList<>();
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = count++;
            if (count > maxBatchItems) {
                p.skipChildren(); // only counted: the answer says how many there were
            } else if (t != JsonToken.START_OBJECT) {
                problems.add(new Problem("messages[" + i + "]", "must be a JSON object, was " + JsonText.kind(t)));
                p.skipChildren();
            } else {
                MessageSent m = codec.read(p, MessageSent.class, BATCH_ITEM, item);
                if (m != null) {
                    items.add(m);
                } else {
                    for (Problem problem : item) {
                        problems.add(new Problem("messages[" + i + "]." + problem.field(), problem.message()));
                    }
                    item.clear();
                }
            }
        }
        return count;
    }

    /** The event a one-object body carries; 400 naming every problem, or for JSON that does not parse. */
    private <T extends CourierEvent> T read(byte[] body, Class<T> type, FieldProfile profile) {
        List<Problem> problems = new ArrayList<>();
        T event;
        try (JsonParser p = object(body)) {
            event = codec.read(p, type, profile, problems);
            JsonText.requireEnd(p);
        } catch (IOException e) {
            throw malformed(e);
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidFields(problems);
        }
        return event;
    }

    /** A parser standing on the body's {@code START_OBJECT}; 400 for an empty body or another JSON value. */
    private JsonParser object(byte[] body) {
        try {
            JsonParser p = json.createParser(body);
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                return p;
            }
            try (p) {
                if (first == null) {
                    throw ApiProblem.badRequest("malformed_json", "the body is empty; expected a JSON object");
                }
                p.skipChildren();
                JsonText.requireEnd(p); // malformed JSON outranks the wrong kind of value
            }
            throw ApiProblem.invalidFields(List.of(new Problem("body", "must be a JSON object, was " + JsonText.kind(first))));
        } catch (IOException e) {
            throw malformed(e);
        }
    }


    private static ApiProblem malformed(IOException e) {
        return ApiProblem.badRequest("malformed_json", "the body is " + JsonText.notJson(e));
    }

    private static Problem unknown(String name, String allowed) {
        return new Problem(JsonText.abbreviate(name), "unknown field; allowed: " + allowed);
    }

    private Outgoing message(MessageSent m, Instant now) {
        MessageSent stamped = new MessageSent(m.chatId(), m.messageId(), m.senderId(), m.clientMessageId(), m.content(),
                m.sentAt(), now, null);
        return new Outgoing(chatEvents.name(), m.chatId().toString(), codec.encode(stamped));
    }

    private Outgoing chatEvent(ChatEvent event) {
        return new Outgoing(chatEvents.name(), event.chatId().toString(), codec.encode(event));
    }
}
