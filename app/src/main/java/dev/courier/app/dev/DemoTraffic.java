package dev.courier.app.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated users for {@code courier dev --demo}: a few direct and group chats whose members send messages at a
 * steady rate, read history, post delivered and read receipts, check their unread counts, search, and now and then
 * leave and rejoin a group. Once in a while it sends what real clients also send: a request the API answers 400,
 * and a message from someone who is not a member, which the worker rejects to the rejected topic. Everything goes
 * through the public HTTP API with the admin key, so every topic, table, metric and endpoint has live data.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);
    private static final String[] LINES = {
        "hi!", "are we still on for today?", "sounds good", "on my way", "can you send the draft?", "lunch?",
        "the build is green again", "see you at 3", "thanks, that helped", "running 5 minutes late", "what do you think?",
        "done, have a look", "let me check and get back to you", "great news", "ok"};

    /** Every so many messages: a receipt round, a read of unread counts and search, a membership change, the odd fault. */
    private static final int RECEIPTS_EVERY = 4;
    private static final int READS_EVERY = 20;
    private static final int BAD_REQUEST_EVERY = 250;
    private static final int NON_MEMBER_EVERY = 250;
    private static final int MEMBERSHIP_EVERY = 150;

    private final URI api;
    private final String key;
    private final int messagesPerSecond;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<DemoChat> chats = new ArrayList<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "courier-demo");
        t.setDaemon(true);
        return t;
    });
    private long tick;
    private long failures;
    private long lastWarnNanos = System.nanoTime() - WARN_EVERY.toNanos();

    /**
     * @param api the HTTP API's base address, e.g. {@code http://127.0.0.1:8080}
     * @param key an admin key (the demo acts for many users)
     */
    public DemoTraffic(URI api, String key, int messagesPerSecond, long seed) {
        if (messagesPerSecond < 1 || messagesPerSecond > 10_000) {
            throw new IllegalArgumentException("demo rate " + messagesPerSecond + " is out of range 1..10000 messages/s");
        }
        this.api = api;
        this.key = key;
        this.messagesPerSecond = messagesPerSecond;
        this.random = new Random(seed);
    }

    /** Creates the chats (new ones on every start), then sends traffic in the background until {@link #close()}. */
    public void start() {
        chats.add(DemoChat.direct(DemoUsers.named("alice"), DemoUsers.named("bob")));
        chats.add(DemoChat.direct(DemoUsers.named("carol"), DemoUsers.named("dave")));
        chats.add(DemoChat.direct(DemoUsers.named("erin"), DemoUsers.named("alice")));
        chats.add(DemoChat.group("team", DemoUsers.named("alice"), DemoUsers.named("bob"), DemoUsers.named("carol"),
                DemoUsers.named("dave"), DemoUsers.named("erin")));
        chats.add(DemoChat.group("book club", DemoUsers.named("frank"), DemoUsers.named("grace"), DemoUsers.named("heidi"),
                DemoUsers.named("ivan"), DemoUsers.named("judy"), DemoUsers.named("alice")));
        for (DemoChat chat : chats) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("chatId", chat.id().toString());
            body.put("type", chat.group() ? "group" : "direct");
            if (chat.title() != null) {
                body.put("title", chat.title());
            }
            body.put("createdBy", chat.members().get(0).toString());
            body.put("members", chat.members().stream().map(UUID::toString).toList());
            int status = send(post("/v1/chats", body));
            if (status != 202) {
                throw new IllegalStateException("the demo could not create its chats: POST /v1/chats answered " + status);
            }
        }
        long periodMicros = 1_000_000L / messagesPerSecond;
        clock.scheduleAtFixedRate(this::step, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        log.info("demo traffic: {} messages/s in {} chats ({} direct, {} groups)", messagesPerSecond, chats.size(),
                chats.stream().filter(c -> !c.group()).count(), chats.stream().filter(DemoChat::group).count());
    }

    /** A group chat the demo writes to, for the banner's history example. */
    public UUID groupChat() {
        return chats.stream().filter(DemoChat::group).findFirst().orElseThrow().id();
    }

    private void step() {
        // Never let an exception escape: a scheduled task that throws is silently never run again.
        try {
            long n = ++tick;
            sendMessage(pick(chats));
            if (n % RECEIPTS_EVERY == 0) {
                receiptRound(pick(chats));
            }
            if (n % READS_EVERY == 0) {
                DemoChat chat = pick(chats);
                expect(200, get("/v1/users/" + pick(chat.members()) + "/unread"));
                expect(200, get("/v1/chats/" + chat.id() + "/messages/search?q="
                        + URLEncoder.encode(pick(LINES).split(" ")[0], StandardCharsets.UTF_8) + "&limit=5"));
            }
            if (n % MEMBERSHIP_EVERY == 0) {
                membershipChange();
            }
            if (n % BAD_REQUEST_EVERY == BAD_REQUEST_EVERY / 2) {
                // A client bug: no senderId. The API answers 400 and the problem names the field.
                expect(400, post("/v1/chats/" + pick(chats).id() + "/messages",
                        Map.of("clientMessageId", "bad-" + n, "content", "missing a sender")));
            }
            if (n % NON_MEMBER_EVERY == NON_MEMBER_EVERY - 10) {
                // Accepted (ingest does not know the members), then rejected by the worker as not_a_member.
                DemoChat chat = chats.stream().filter(DemoChat::group).findFirst().orElseThrow();
                expect(202, post("/v1/chats/" + chat.id() + "/messages", Map.of(
                        "senderId", DemoUsers.STRANGER.toString(), "clientMessageId", "stranger-" + n,
                        "content", "hello? is this the right chat?")));
            }
        } catch (RuntimeException e) {
            failed("demo step failed: " + e);
        }
    }

    private void sendMessage(DemoChat chat) {
        UUID sender = pick(chat.activeMembers());
        expect(202, post("/v1/chats/" + chat.id() + "/messages", Map.of(
                "senderId", sender.toString(),
                "clientMessageId", "demo-" + chat.nextMessageNumber(),
                "content", pick(LINES))));
    }

    /** What an app does when a chat is on screen: read the newest page, then mark it delivered and (often) read. */
    private void receiptRound(DemoChat chat) {
        HttpResponse<String> page = sendForBody(get("/v1/chats/" + chat.id() + "/messages?limit=1"));
        if (page == null || page.statusCode() != 200) {
            return;
        }
        JsonNode newest = parse(page.body()).path("messages").path(0);
        if (!newest.has("seq")) {
            return; // nothing persisted yet
        }
        long seq = newest.get("seq").asLong();
        UUID reader = pick(chat.activeMembers());
        expect(202, post("/v1/chats/" + chat.id() + "/receipts",
                Map.of("userId", reader.toString(), "kind", "delivered", "upToSeq", seq)));
        if (random.nextInt(3) != 0) {
            expect(202, post("/v1/chats/" + chat.id() + "/receipts",
                    Map.of("userId", reader.toString(), "kind", "read", "upToSeq", seq)));
        }
        expect(200, get("/v1/chats/" + chat.id() + "/messages/" + newest.path("messageId").asText() + "/receipts"));
    }

    /** Someone leaves a group, or the one who left comes back. */
    private void membershipChange() {
        DemoChat chat = pick(chats.stream().filter(DemoChat::group).toList());
        UUID away = chat.away();
        if (away == null) {
            UUID leaving = chat.members().get(chat.members().size() - 1);
            if (expect(202, send(HttpRequest.newBuilder(api.resolve("/v1/chats/" + chat.id() + "/members/" + leaving))
                    .header("Authorization", "Bearer " + key).DELETE().build()))) {
                chat.leave(leaving);
            }
        } else if (expect(202, post("/v1/chats/" + chat.id() + "/members", Map.of("userId", away.toString())))) {
            chat.rejoin();
        }
    }

    private HttpRequest post(String path, Map<String, ?> body) {
        try {
            return HttpRequest.newBuilder(api.resolve(path))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a demo request body", e);
        }
    }

    private HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(api.resolve(pathAndQuery))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
    }

    private boolean expect(int status, HttpRequest request) {
        return expect(status, send(request));
    }

    private boolean expect(int expected, int status) {
        if (status == expected) {
            return true;
        }
        if (status > 0) {
            failed("demo request answered " + status + " (expected " + expected + ")");
        }
        return false;
    }

    /** The status code, or -1 if the request got no answer (already counted as a failure). */
    private int send(HttpRequest request) {
        HttpResponse<String> response = sendForBody(request);
        return response == null ? -1 : response.statusCode();
    }

    private HttpResponse<String> sendForBody(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failed("demo request " + request.method() + " " + request.uri().getPath() + " failed: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the API answered a body that is not JSON: " + e.getMessage(), e);
        }
    }

    /** Warns at most every 30 s with a count, so that a stopped database does not flood the log. */
    private void failed(String what) {
        failures++;
        long now = System.nanoTime();
        if (now - lastWarnNanos >= WARN_EVERY.toNanos()) {
            lastWarnNanos = now;
            log.warn("{} ({} demo failures so far)", what, failures);
        }
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private <T> T pick(T[] from) {
        return from[random.nextInt(from.length)];
    }

    @Override
    public void close() {
        clock.shutdownNow();
        try {
            if (!clock.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("demo traffic did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
