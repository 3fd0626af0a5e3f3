package dev.courier.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * A producer service as the world writes one: group chats created over HTTP, then messages in single posts and
 * batches, numbered per chat the way apps do ("c-1", "c-2", ... in every chat), each request retried with the same
 * ids until it is answered 202 (ingest may be dead or restarting), and now and then a 202'd request sent again on
 * purpose. Read receipts move along. What counts is what was answered 202: {@link #accepted()}.
 */
final class ChatTraffic {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    private final IntSupplier ingestPort;
    private final String key;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Chat> chats = new ArrayList<>();
    private final Set<UUID> accepted = new HashSet<>();
    private int failedAttempts;
    private int resends;

    private record Chat(UUID id, List<UUID> members, int[] next) {
    }

    /** @param ingestPort the HTTP port of an ingest process, asked before every attempt */
    ChatTraffic(IntSupplier ingestPort, String key, long seed) {
        this.ingestPort = ingestPort;
        this.key = key;
        this.random = new Random(seed);
    }

    void createChats(int count, int members) {
        for (int c = 0; c < count; c++) {
            List<UUID> people = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                people.add(UUID.randomUUID());
            }
            Chat chat = new Chat(UUID.randomUUID(), people, new int[] {0});
            chats.add(chat);
            Map<String, Object> body = new HashMap<>();
            body.put("chatId", chat.id().toString());
            body.put("type", "group");
            body.put("createdBy", people.get(0).toString());
            body.put("members", people.stream().map(UUID::toString).toList());
            postUntilAccepted("/v1/chats", body);
        }
    }

    /**
     * Sends {@code count} messages, a mix of single posts and batches of up to 40, with deliberate resends, spread
     * over at least {@code duration} (so that faults injected meanwhile land mid-run).
     */
    void sendMessages(int count, Duration duration) {
        long start = System.nanoTime();
        int sent = 0;
        while (sent < count) {
            long due = start + duration.toNanos() * sent / count;
            long ahead = due - System.nanoTime();
            if (ahead > 0) {
                pause(ahead / 1_000_000);
            }
            if (random.nextInt(4) == 0) {
                int size = Math.min(count - sent, 1 + random.nextInt(40));
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    Chat chat = chats.get(random.nextInt(chats.size()));
                    Map<String, Object> item = message(chat);
                    item.put("chatId", chat.id().toString());
                    items.add(item);
                }
                JsonNode answer = postUntilAccepted("/v1/messages:batch", Map.of("messages", items));
                answer.get("results").forEach(r -> accepted.add(UUID.fromString(r.get("messageId").asText())));
                sent += size;
            } else {
                Chat chat = chats.get(random.nextInt(chats.size()));
                Map<String, Object> body = message(chat);
                String path = "/v1/chats/" + chat.id() + "/messages";
                UUID id = UUID.fromString(postUntilAccepted(path, body).get("messageId").asText());
                accepted.add(id);
                if (random.nextInt(10) == 0) { // the client lost the answer and sends again: same id, nothing added
                    resends++;
                    UUID again = UUID.fromString(postUntilAccepted(path, body).get("messageId").asText());
                    if (!again.equals(id)) {
                        throw new AssertionError("a resend got " + again + ", the first send " + id);
                    }
                }
                sent++;
            }
            if (random.nextInt(20) == 0) {
                readReceipt();
            }
        }
    }

    private Map<String, Object> message(Chat chat) {
        Map<String, Object> m = new HashMap<>();
        m.put("senderId", chat.members().get(random.nextInt(chat.members().size())).toString());
        m.put("clientMessageId", "c-" + (++chat.next()[0]));
        m.put("content", "message " + chat.next()[0] + " in " + chat.id());
        return m;
    }

    private void readReceipt() {
        Chat chat = chats.get(random.nextInt(chats.size()));
        UUID reader = chat.members().get(random.nextInt(chat.members().size()));
        // Up to somewhere around what was sent; the worker clamps to what exists.
        postUntilAccepted("/v1/chats/" + chat.id() + "/receipts", Map.of("userId", reader.toString(),
                "kind", random.nextBoolean() ? "read" : "delivered", "upToSeq", 1 + random.nextInt(chat.next()[0] + 5)));
    }

    /** POSTs until the answer is 202; a connection failure or a 5xx is retried with the same body (the same ids). */
    private JsonNode postUntilAccepted(String path, Object body) {
        Instant deadline = Instant.now().plus(GIVE_UP);
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort.getAsInt() + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    return JSON.readTree(r.body());
                }
                if (r.statusCode() < 500) {
                    throw new AssertionError("POST " + path + " " + text + " answered " + r.statusCode() + ": " + r.body());
                }
            } catch (IOException e) {
                // ingest is down or restarting: retry below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            failedAttempts++;
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("POST " + path + " not accepted within " + GIVE_UP);
            }
            pause(100);
        }
    }

    /** A client's retry pause or its pacing, not a test waiting for a condition. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every message id an answer 202 carried. */
    Set<UUID> accepted() {
        return accepted;
    }

    List<UUID> chatIds() {
        return chats.stream().map(Chat::id).toList();
    }

    int failedAttempts() {
        return failedAttempts;
    }

    int resends() {
        return resends;
    }
}
