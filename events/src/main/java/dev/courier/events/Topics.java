package dev.courier.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;

/**
 * Every Courier topic, named with one configurable prefix (default {@value #DEFAULT_PREFIX}).
 *
 * <p>Chat-scoped topics ({@code chat-events.in}, {@code receipts.in}, {@code chat-log}, {@code receipts},
 * {@code rejected}, {@code reroute}) are keyed by chat id and must share one partition count (co-partitioning); {@code inbox} and
 * {@code unread} are keyed by user id.
 */
public final class Topics {

    public static final String DEFAULT_PREFIX = "courier.";
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{0,200}");
    private static final String FOREVER = "-1";

    private final String prefix;
    private final Topic<ChatEvent> chatEventsIn;
    private final Topic<ReceiptSubmitted> receiptsIn;
    private final Topic<ChatEvent> chatLog;
    private final Topic<Delivery> inbox;
    private final Topic<ReceiptAdvanced> receipts;
    private final Topic<UnreadChanged> unread;
    private final Topic<Rejected> rejected;
    private final Topic<CourierEvent> reroute;

    public Topics(String prefix, EventCodec codec) {
        if (prefix == null || !LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' must be at most 200 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        this.prefix = prefix;
        String week = Long.toString(Duration.ofDays(7).toMillis());
        String month = Long.toString(Duration.ofDays(30).toMillis());
        // Inputs only need to outlive a worker outage; chat-log and receipts are the source of truth (rebuild).
        // The broker's clock stamps the inputs: the worker dates and dedups by record time, which a producer's wrong
        // clock must not move.
        Map<String, String> input = Map.of("retention.ms", week, "message.timestamp.type", "LogAppendTime");
        this.chatEventsIn = topic("chat-events.in", Topic.KeyedBy.CHAT_ID, ChatEvent.class, codec, input);
        this.receiptsIn = topic("receipts.in", Topic.KeyedBy.CHAT_ID, ReceiptSubmitted.class, codec, input);
        this.chatLog = topic("chat-log", Topic.KeyedBy.CHAT_ID, ChatEvent.class, codec, Map.of("retention.ms", FOREVER));
        this.inbox = topic("inbox", Topic.KeyedBy.USER_ID, Delivery.class, codec, Map.of("retention.ms", week));
        this.receipts = topic("receipts", Topic.KeyedBy.CHAT_ID, ReceiptAdvanced.class, codec, Map.of("retention.ms", FOREVER));
        this.unread = topic("unread", Topic.KeyedBy.USER_ID, UnreadChanged.class, codec, Map.of("retention.ms", week));
        this.rejected = topic("rejected", Topic.KeyedBy.CHAT_ID, Rejected.class, codec, Map.of("retention.ms", month));
        // The worker's own: inputs a producer put on a partition their chat does not map to. CreateTime, so a re-routed
        // record keeps the timestamp the broker gave the input (the worker dates and dedups by it).
        this.reroute = topic("reroute", Topic.KeyedBy.CHAT_ID, CourierEvent.class, codec,
                Map.of("retention.ms", week, "message.timestamp.type", "CreateTime"));
    }

    private <T extends CourierEvent> Topic<T> topic(String base, Topic.KeyedBy keyedBy, Class<T> type, EventCodec codec,
                                                   Map<String, String> config) {
        return new Topic<>(prefix + base, keyedBy, type, new EventSerde<>(codec, type), new DecodedSerde<>(codec, type), config);
    }

    public String prefix() {
        return prefix;
    }

    /** Producer input: chat creation, joins, leaves and messages. */
    public Topic<ChatEvent> chatEventsIn() {
        return chatEventsIn;
    }

    /** Producer input: delivered/read receipts. */
    public Topic<ReceiptSubmitted> receiptsIn() {
        return receiptsIn;
    }

    /** Accepted chat events with their seq: the source of truth. */
    public Topic<ChatEvent> chatLog() {
        return chatLog;
    }

    public Topic<Delivery> inbox() {
        return inbox;
    }

    public Topic<ReceiptAdvanced> receipts() {
        return receipts;
    }

    public Topic<UnreadChanged> unread() {
        return unread;
    }

    public Topic<Rejected> rejected() {
        return rejected;
    }

    /**
     * The worker's re-routing topic: a chat's input that arrived on a partition its chat id does not map to (a producer
     * partitioning by something other than Java's murmur2, as librdkafka-based clients do by default) passes through it
     * to the task that owns the chat. Chat-scoped, written and read by the worker only.
     */
    public Topic<CourierEvent> reroute() {
        return reroute;
    }

    /**
     * The partition of a chat-scoped topic that holds a chat's records: where Java's default partitioner puts the chat
     * id as a String key (murmur2 of its UTF-8 bytes), as the worker writes every chat-scoped topic.
     */
    public static int chatPartition(String chatKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(chatKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public List<Topic<?>> all() {
        return List.of(chatEventsIn, receiptsIn, chatLog, inbox, receipts, unread, rejected, reroute);
    }
}
