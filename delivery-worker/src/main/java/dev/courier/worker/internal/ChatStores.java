package dev.courier.worker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The worker's four state stores, all changelogged (under exactly-once the changelog is written in the same
 * transaction as the outputs, so a restore yields exactly the state that matches what was published).
 *
 * <ul>
 *   <li>{@value #HEADERS}: chatId → {@link ChatHeader}.</li>
 *   <li>{@value #MEMBERS}: {@code chatId|userId} → {@link Member} for current members, {@code chatId~userId} for those
 *       who left; a prefix scan on {@code chatId|} lists the current members for fan-out, and a message rewrites only
 *       the sender's entry.</li>
 *   <li>{@value #MARKS}: {@code chatId|seq} (seq zero-padded to 19 digits so byte order is numeric order) → the chat's
 *       message count at that seq, written only for non-message events (create, join, leave). Every seq between two
 *       marks is a message, so the count at any seq S is {@code count(mark) + (S - mark)} for the last mark ≤ S:
 *       one reverse range seek, no per-message write.</li>
 *   <li>{@value #DEDUP}: messageId → seq, a window store keyed by the record time, so expired ids fall away with
 *       whole segments instead of a purge scan.</li>
 * </ul>
 */
public final class ChatStores {

    public static final String HEADERS = "chat-headers";
    public static final String MEMBERS = "chat-members";
    public static final String MARKS = "chat-marks";
    public static final String DEDUP = "message-dedup";
    /** Every store's name (each has a changelog topic {@code <application id>-<name>-changelog}). */
    public static final List<String> NAMES = List.of(HEADERS, MEMBERS, MARKS, DEDUP);

    private static final char SEP = '|';
    /** See {@link #markWritten}: not a chat id, user id or message id (those are UUIDs), and no chat id's prefix. */
    private static final String MARKER = "\u0000courier-store-marker";
    /**
     * Departed members sit under {@code chatId~userId}, outside the {@code chatId|} prefix that a fan-out scans, so a
     * message costs the chat's current members, not everyone who ever joined (a chat where 10,000 people came and
     * went fanned out 40 times slower).
     */
    private static final char DEPARTED = '~';

    private final KeyValueStore<String, ChatHeader> headers;
    private final KeyValueStore<String, Member> members;
    private final KeyValueStore<String, Long> marks;
    private final WindowStore<String, Long> dedup;
    private final long dedupWindowMs;

    ChatStores(ProcessorContext<?, ?> context, Duration dedupWindow) {
        this.headers = context.getStateStore(HEADERS);
        this.members = context.getStateStore(MEMBERS);
        this.marks = context.getStateStore(MARKS);
        this.dedup = context.getStateStore(DEDUP);
        this.dedupWindowMs = dedupWindow.toMillis();
    }

    /** Builders for the topology; names are stable because changelog topics are named after them. */
    public static List<StoreBuilder<?>> builders(Duration dedupWindow, boolean inMemory) {
        // Retention a little over the window: segments are dropped by stream time, lookups filter exactly by time.
        Duration retention = dedupWindow.plus(Duration.ofMinutes(1));
        WindowBytesStoreSupplier dedupSupplier = inMemory
                ? Stores.inMemoryWindowStore(DEDUP, retention, Duration.ofMillis(1), false)
                : Stores.persistentWindowStore(DEDUP, retention, Duration.ofMillis(1), false);
        // Changelog topics compact (key-value) or compact+delete (window); min.insync.replicas follows the broker.
        Map<String, String> changelog = Map.of();
        // No record cache: across thousands of chats a header or member is rarely written twice within one commit
        // interval, so the cache saved few changelog writes, while its sorted map, the flush at every commit and
        // the cache-plus-store merge under every fan-out prefix scan took about a fifth of the stream thread (JFR).
        // Without it the worker benchmark went from 6.6k/9.1k to 10.3k/9.7k input msgs/s (docs/benchmarks-journal.md).
        return List.of(
                Stores.keyValueStoreBuilder(kv(HEADERS, inMemory), Serdes.String(), StateSerdes.header())
                        .withCachingDisabled().withLoggingEnabled(changelog),
                Stores.keyValueStoreBuilder(kv(MEMBERS, inMemory), Serdes.String(), StateSerdes.member())
                        .withCachingDisabled().withLoggingEnabled(changelog),
                Stores.keyValueStoreBuilder(kv(MARKS, inMemory), Serdes.String(), Serdes.Long())
                        .withLoggingEnabled(changelog),
                Stores.windowStoreBuilder(dedupSupplier, Serdes.String(), Serdes.Long()).withLoggingEnabled(changelog));
    }

    private static KeyValueBytesStoreSupplier kv(String name, boolean inMemory) {
        return inMemory ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    ChatHeader header(String chatId) {
        return headers.get(chatId);
    }

    void putHeader(String chatId, ChatHeader header) {
        headers.put(chatId, header);
    }

    /** The user's entry in the chat, current or departed; null if they never joined. */
    Member member(String chatId, String userId) {
        Member current = members.get(chatId + SEP + userId);
        return current != null ? current : members.get(chatId + DEPARTED + userId);
    }

    /** Writes a current member's entry. */
    void putMember(String chatId, String userId, Member member) {
        members.put(chatId + SEP + userId, member);
    }

    /** Moves a member who left out of the chat's current members (a fan-out never visits them again). */
    void putDeparted(String chatId, String userId, Member departed) {
        members.delete(chatId + SEP + userId);
        members.put(chatId + DEPARTED + userId, departed);
    }

    /** Moves a departed user who joins again back among the current members. */
    void putRejoined(String chatId, String userId, Member member) {
        members.delete(chatId + DEPARTED + userId);
        members.put(chatId + SEP + userId, member);
    }

    /**
     * The chat's current members, ordered by userId text. A state written before departed members got their own
     * prefix may still hold some under it (skipped by the caller's {@code active()} check).
     */
    List<KeyValue<String, Member>> members(String chatId) {
        String prefix = chatId + SEP;
        List<KeyValue<String, Member>> out = new ArrayList<>();
        try (KeyValueIterator<String, Member> it = members.prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, Member> kv = it.next();
                out.add(KeyValue.pair(kv.key.substring(prefix.length()), kv.value));
            }
        }
        return out;
    }

    void putMark(String chatId, long seq, long messageCount) {
        marks.put(markKey(chatId, seq), messageCount);
    }

    /** The chat's message count after the event at {@code seq} (which must not be past the chat's latest seq). */
    long messageCountAt(String chatId, long seq) {
        try (KeyValueIterator<String, Long> it = marks.reverseRange(markKey(chatId, 0), markKey(chatId, seq))) {
            if (!it.hasNext()) {
                throw new IllegalStateException("chat " + chatId + " has no creation mark at or before seq " + seq);
            }
            KeyValue<String, Long> mark = it.next();
            long markSeq = Long.parseLong(mark.key.substring(mark.key.length() - 19));
            return mark.value + (seq - markSeq);
        }
    }

    private static String markKey(String chatId, long seq) {
        String digits = Long.toString(seq);
        return chatId + SEP + "0".repeat(19 - digits.length()) + digits;
    }

    /**
     * Writes a marker into every store that has none yet, so that each store has a changelog offset. Under
     * exactly-once, Streams checkpoints a store's changelog offset on a clean stop, and at the next start treats a task
     * whose directory is not empty but which lacks the offset of one of its stores as corrupted: it wipes the task and
     * restores all its stores from the changelogs. A store never written (no message yet in a task's chats: an empty
     * dedup store) had no offset, so every clean restart rebuilt such tasks. The markers sort before any chat id and
     * are never read by a lookup or prefix scan.
     */
    void markWritten(long time) {
        if (headers.get(MARKER) == null) {
            headers.put(MARKER, new ChatHeader(false, 0, 0, 0));
        }
        if (members.get(MARKER) == null) {
            members.put(MARKER, Member.joined(0, 0).left(0));
        }
        if (marks.get(MARKER) == null) {
            marks.put(MARKER, 0L);
        }
        try (WindowStoreIterator<Long> it = dedup.fetch(MARKER, Math.max(0, time - dedupWindowMs + 1), time)) {
            if (!it.hasNext()) {
                dedup.put(MARKER, 0L, time);
            }
        }
    }

    /** The seq under which {@code messageId} was accepted within the window around {@code time}, or null. */
    Long sequencedMessage(String messageId, long time) {
        try (WindowStoreIterator<Long> it = dedup.fetch(messageId, Math.max(0, time - dedupWindowMs + 1), time + dedupWindowMs)) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    void rememberMessage(String messageId, long seq, long time) {
        dedup.put(messageId, seq, time);
    }
}
