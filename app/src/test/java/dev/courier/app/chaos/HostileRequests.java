package dev.courier.app.chaos;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates what a hostile or broken client sends: random and invalid UTF-8 bytes, truncated and deeply nested JSON,
 * fields of the wrong type, times and numbers out of range, NUL characters, bad ids, huge bodies, wrong methods and
 * content types, hostile query parameters; and a share of valid requests to known chats, so that rejecting input never
 * gets in the way of accepting it. Deterministic for a seed.
 */
final class HostileRequests {

    /** One request: the content type is null for none. */
    record Shot(String method, String path, String contentType, byte[] body, boolean valid) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + path + " [" + contentType + "] " + text + (body != null && body.length > 300 ? "..." : "");
        }
    }

    /** A chat the valid requests write to: its id and members. */
    record KnownChat(UUID id, List<UUID> members) {
    }

    private static final List<String> BAD_VALUES = List.of("null", "true", "-1", "0", "1.5", "1e400",
            "123456789012345678901234567890", "\"\"", "\" \"", "\"x\"", "[]", "{}", "\"a\\u0000b\"",
            "\"+100000-01-01T00:00:00Z\"", "\"0000-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"", "\"1-2-3-4-5\"",
            "\"00000000-0000-0000-0000-00000000000g\"", "\"" + "x".repeat(70_000) + "\"", "\"\\ud800\"", "\"group\"",
            "\"read\"", "9223372036854775808", "-9223372036854775808");

    private final Random random;
    private final List<KnownChat> chats;
    private int clientIds;

    HostileRequests(long seed, List<KnownChat> chats) {
        this.random = new Random(seed);
        this.chats = chats;
    }

    Shot next() {
        return switch (random.nextInt(11)) {
            case 0 -> post(writePath(), randomBytes(random.nextInt(2_000)));
            case 1 -> {
                byte[] valid = validBody().body();
                yield post(writePath(), java.util.Arrays.copyOf(valid, random.nextInt(Math.max(1, valid.length))));
            }
            case 2, 3 -> mutated();
            case 4 -> post(writePath(), nested(500 + random.nextInt(20_000)));
            case 5 -> random.nextInt(25) > 0 ? mutated() // a few megabyte bodies are enough to show the limit holds
                    : post(writePath(), ("{\"content\":\"" + "y".repeat(1_100_000 + random.nextInt(1_000_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            case 6 -> {
                Shot valid = validBody();
                String method = List.of("PUT", "PATCH", "GET", "DELETE", "HEAD").get(random.nextInt(5));
                yield new Shot(method, valid.path(), "application/json", method.equals("GET") || method.equals("HEAD") ? null : valid.body(), false);
            }
            case 7 -> {
                Shot valid = validBody();
                yield new Shot("POST", valid.path(), List.of("text/plain", "application/x-www-form-urlencoded",
                        "application/xml", "multipart/form-data; boundary=x").get(random.nextInt(4)), valid.body(), false);
            }
            case 8 -> new Shot("POST", List.of("/v1/chats/not-a-chat/messages", "/v1/chats/" + "9".repeat(5_000) + "/messages",
                    "/v1/chats/%00/receipts", "/v1/chats/" + UUID.randomUUID() + "/members/not-a-user",
                    "/v1/nowhere", "/v1/chats/../messages").get(random.nextInt(6)), "application/json",
                    validBody().body(), false);
            case 9 -> hostileRead();
            default -> validBody();
        };
    }

    private Shot post(String path, byte[] body) {
        return new Shot("POST", path, "application/json", body, false);
    }

    private String writePath() {
        KnownChat c = chat();
        return List.of("/v1/chats", "/v1/chats/" + c.id() + "/members", "/v1/chats/" + c.id() + "/messages",
                "/v1/messages:batch", "/v1/chats/" + c.id() + "/receipts").get(random.nextInt(5));
    }

    /** A valid write to a known chat by one of its members. */
    private Shot validBody() {
        KnownChat c = chat();
        UUID member = c.members().get(random.nextInt(c.members().size()));
        String id = "h-" + (++clientIds);
        return switch (random.nextInt(4)) {
            case 0 -> new Shot("POST", "/v1/chats/" + c.id() + "/receipts", "application/json", json("{\"userId\":\"" + member
                    + "\",\"kind\":\"" + (random.nextBoolean() ? "read" : "delivered") + "\",\"upToSeq\":" + (1 + random.nextInt(50)) + "}"), true);
            case 1 -> new Shot("POST", "/v1/messages:batch", "application/json", json("{\"messages\":[{\"chatId\":\"" + c.id()
                    + "\",\"senderId\":\"" + member + "\",\"clientMessageId\":\"" + id + "\",\"content\":\"batch " + id + "\"}]}"), true);
            default -> new Shot("POST", "/v1/chats/" + c.id() + "/messages", "application/json", json("{\"senderId\":\"" + member
                    + "\",\"clientMessageId\":\"" + id + "\",\"content\":\"héllo " + id + "\",\"sentAt\":\"2026-12-02T10:00:00Z\"}"), true);
        };
    }

    /** A valid message body with one field dropped, replaced by a bad value, or an unknown one added. */
    private Shot mutated() {
        KnownChat c = chat();
        UUID member = c.members().get(0);
        String[][] fields = {{"senderId", "\"" + member + "\""}, {"clientMessageId", "\"m-" + (++clientIds) + "\""},
                {"content", "\"hi\""}, {"sentAt", "\"2026-12-02T10:00:00Z\""}};
        int target = random.nextInt(fields.length + 1);
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < fields.length; i++) {
            if (i == target && random.nextBoolean()) {
                continue; // dropped
            }
            String value = i == target ? BAD_VALUES.get(random.nextInt(BAD_VALUES.size())) : fields[i][1];
            body.append(body.length() > 1 ? "," : "").append('"').append(fields[i][0]).append("\":").append(value);
        }
        if (target == fields.length) {
            body.append(",\"").append(List.of("seq", "messageId", "chatId", "", "type").get(random.nextInt(5))).append("\":")
                    .append(BAD_VALUES.get(random.nextInt(BAD_VALUES.size())));
        }
        return new Shot("POST", "/v1/chats/" + c.id() + "/messages", "application/json", json(body.append('}').toString()), false);
    }

    private Shot hostileRead() {
        KnownChat c = chat();
        String value = List.of("-1", "0", "201", "99999999999999999999", "abc", "%00", "1.5", "", "%FF%FE").get(random.nextInt(9));
        String path = switch (random.nextInt(4)) {
            case 0 -> "/v1/chats/" + c.id() + "/messages?limit=" + value + "&before=" + value;
            case 1 -> "/v1/chats/" + c.id() + "/messages/search?q=" + value + "&limit=" + value;
            case 2 -> "/v1/chats/" + c.id() + "/messages/" + value + "/receipts";
            default -> "/v1/users/" + value + "/unread";
        };
        return new Shot("GET", path, null, null, false);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] nested(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private KnownChat chat() {
        return chats.get(random.nextInt(chats.size()));
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
