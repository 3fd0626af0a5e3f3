package dev.courier.app.chaos;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates what a broken or hostile Kafka producer writes to the {@code .in} topics, straight past ingest: bytes that
 * are not JSON or not UTF-8, tombstones, unknown types and versions, fields out of range or of the wrong type, keys
 * that are missing or do not match the chat, events for chats that do not exist or from non-members. Every one must
 * land in {@code rejected}. Deterministic for a seed.
 */
final class HostileRecords {

    /** A record to produce: {@code receipts} picks the receipts input, else the chat-events input. */
    record Bad(boolean receipts, byte[] key, byte[] value) {
    }

    private final Random random;
    private final List<HostileRequests.KnownChat> chats;

    HostileRecords(long seed, List<HostileRequests.KnownChat> chats) {
        this.random = new Random(seed);
        this.chats = chats;
    }

    Bad next() {
        HostileRequests.KnownChat c = chats.get(random.nextInt(chats.size()));
        UUID member = c.members().get(random.nextInt(c.members().size()));
        UUID stranger = UUID.randomUUID();
        String chat = c.id().toString();
        String message = "{\"type\":\"MessageSent\",\"v\":1,\"chatId\":\"" + chat + "\",\"senderId\":\"" + member
                + "\",\"clientMessageId\":\"k-" + random.nextInt(1_000_000) + "\",\"content\":\"x\"";
        return switch (random.nextInt(16)) {
            case 0 -> bad(false, chat, randomBytes(1 + random.nextInt(500)));
            case 1 -> new Bad(random.nextBoolean(), utf8(chat), null); // a tombstone
            case 2 -> bad(false, chat, "[1,2,3]");
            case 3 -> bad(false, chat, "{\"type\":\"Nope\",\"v\":1}");
            case 4 -> bad(false, chat, message.replace("\"v\":1", "\"v\":2") + "}");
            case 5 -> bad(false, chat, message + ",\"sentAt\":\"+100000-01-01T00:00:00Z\"}");
            case 6 -> bad(false, chat, message.replace("\"x\"", "\"a\\u0000b\"") + "}");
            case 7 -> bad(false, chat, message + ",\"messageId\":\"" + UUID.randomUUID() + "\"}");
            case 8 -> bad(false, "not-a-chat", message + "}"); // key is not the chat id
            case 9 -> new Bad(false, null, utf8(message + "}")); // no key
            case 10 -> bad(false, chat, message.replace(member.toString(), stranger.toString()) + "}"); // not a member
            case 11 -> bad(false, UUID.randomUUID().toString(), "{\"type\":\"MemberJoined\",\"v\":1,\"chatId\":\"" + chat
                    + "\",\"userId\":\"" + stranger + "\"}"); // key of another chat
            case 12 -> bad(true, chat, "{\"type\":\"ReceiptSubmitted\",\"v\":1,\"chatId\":\"" + chat + "\",\"userId\":\""
                    + member + "\",\"kind\":\"read\",\"upToSeq\":1,\"at\":\"+10000-01-01T00:00:00Z\"}");
            case 13 -> bad(true, chat, message + "}"); // a chat event on the receipts input
            case 14 -> {
                String unknown = UUID.randomUUID().toString();
                yield bad(false, unknown, message.replace(chat, unknown) + "}"); // a chat that does not exist
            }
            default -> bad(false, chat, message + ",\"content\":\"" + "z".repeat(20_000) + "\"}"); // over the limit (and twice)
        };
    }

    private Bad bad(boolean receipts, String key, String value) {
        return new Bad(receipts, utf8(key), utf8(value));
    }

    private Bad bad(boolean receipts, String key, byte[] value) {
        return new Bad(receipts, utf8(key), value);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
